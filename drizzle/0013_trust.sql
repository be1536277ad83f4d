CREATE TABLE `authority_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`purpose` text NOT NULL,
	`subject_email` text NOT NULL,
	`function` text NOT NULL,
	`file` text NOT NULL,
	`file_name` text NOT NULL,
	`filed_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`filed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `authority_evidence_org_idx` ON `authority_evidence` (`organisation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `organisation_domains` (
	`organisation_id` text NOT NULL,
	`domain` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `domain`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisation_domains_domain_idx` ON `organisation_domains` (`domain`);--> statement-breakpoint
CREATE TABLE `recovery_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recovery_codes_user_idx` ON `recovery_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `totp_credentials` (
	`user_id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`last_counter` integer DEFAULT 0 NOT NULL,
	`enrolled_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `second_factor_at` integer;--> statement-breakpoint
ALTER TABLE `organisations` ADD `siren_conflict_at` integer;--> statement-breakpoint
-- Live organisations that share a SIREN with an earlier live one are marked, not merged and not
-- deleted: a unique index created over them would fail this migration on such a database. The marked
-- rows stay outside the index, the start-up log and the verification queue report them, and an
-- administrator resolves each (refusing the duplicate claim clears it from the report).
UPDATE `organisations` SET `siren_conflict_at` = CAST(strftime('%s', 'now') AS INTEGER) * 1000
WHERE `siren` IS NOT NULL AND `verification_status` <> 'rejected' AND EXISTS (
	SELECT 1 FROM `organisations` AS `earlier`
	WHERE `earlier`.`siren` = `organisations`.`siren` AND `earlier`.`verification_status` <> 'rejected'
		AND (`earlier`.`created_at` < `organisations`.`created_at`
			OR (`earlier`.`created_at` = `organisations`.`created_at` AND `earlier`.`id` < `organisations`.`id`))
);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_live_siren_idx` ON `organisations` (`siren`) WHERE "organisations"."siren" is not null and "organisations"."verification_status" <> 'rejected' and "organisations"."siren_conflict_at" is null;