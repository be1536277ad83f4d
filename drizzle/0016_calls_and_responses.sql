CREATE TABLE `call_departements` (
	`call_id` text NOT NULL,
	`departement_code` text NOT NULL,
	PRIMARY KEY(`call_id`, `departement_code`),
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `call_departements_code_idx` ON `call_departements` (`departement_code`);--> statement-breakpoint
CREATE TABLE `response_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`response_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`file` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `response_attachments_response_idx` ON `response_attachments` (`response_id`,`added_at`);--> statement-breakpoint
CREATE TABLE `response_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`response_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`call_title` text NOT NULL,
	`organisation_name` text NOT NULL,
	`price_cents` integer NOT NULL,
	`files` text NOT NULL,
	`user_id` text NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `response_receipts_response_idx` ON `response_receipts` (`response_id`,`at`);--> statement-breakpoint
CREATE TABLE `follows` (
	`user_id` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `object_type`, `object_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `follows_object_idx` ON `follows` (`object_type`,`object_id`);--> statement-breakpoint
CREATE TABLE `saved_searches` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`target` text NOT NULL,
	`query` text NOT NULL,
	`label` text NOT NULL,
	`token` text NOT NULL,
	`email_alerts` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_searches_token_unique` ON `saved_searches` (`token`);--> statement-breakpoint
CREATE INDEX `saved_searches_target_idx` ON `saved_searches` (`target`);--> statement-breakpoint
CREATE INDEX `saved_searches_user_idx` ON `saved_searches` (`user_id`);--> statement-breakpoint
ALTER TABLE `calls` ADD `questions_close_at` integer;--> statement-breakpoint
ALTER TABLE `calls` ADD `decided_at` integer;--> statement-breakpoint
-- Full-text search over calls, like projects_search: the application writes folded text (lower case,
-- œ → oe, æ → ae) in the transaction that changes the call; unicode61 removes the remaining diacritics.
CREATE VIRTUAL TABLE `calls_search` USING fts5(
	`call_id` UNINDEXED,
	`title`,
	`challenge`,
	`publisher`,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `calls_search` (`call_id`, `title`, `challenge`, `publisher`)
SELECT c.`id`,
	lower(replace(replace(replace(replace(c.`title`, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')),
	lower(replace(replace(replace(replace(c.`challenge`, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae')),
	lower(replace(replace(replace(replace(o.`name`, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'))
FROM `calls` c JOIN `organisations` o ON o.`id` = c.`publisher_organisation_id`;
--> statement-breakpoint
-- The places of existing calls: the publisher's commune or intercommunality, and a consortium's members.
INSERT OR IGNORE INTO `call_departements` (`call_id`, `departement_code`)
SELECT c.`id`, cm.`departement_code`
FROM `calls` c
JOIN `organisations` o ON o.`id` = c.`publisher_organisation_id`
	OR o.`id` IN (SELECT m.`organisation_id` FROM `consortium_members` m WHERE m.`consortium_id` = c.`consortium_id` AND m.`status` IN ('accepted', 'council_approved'))
JOIN `communes` cm ON cm.`insee_code` = o.`insee_code`;
--> statement-breakpoint
INSERT OR IGNORE INTO `call_departements` (`call_id`, `departement_code`)
SELECT c.`id`, cm.`departement_code`
FROM `calls` c
JOIN `organisations` o ON o.`id` = c.`publisher_organisation_id`
	OR o.`id` IN (SELECT m.`organisation_id` FROM `consortium_members` m WHERE m.`consortium_id` = c.`consortium_id` AND m.`status` IN ('accepted', 'council_approved'))
JOIN `epci_members` em ON em.`epci_siren` = o.`siren` AND o.`kind` = 'intercommunality'
JOIN `communes` cm ON cm.`insee_code` = em.`commune_insee_code`;
--> statement-breakpoint
-- A response's single PDF of before becomes its first attachment (its hash is computed when first needed).
INSERT INTO `response_attachments` (`id`, `response_id`, `kind`, `name`, `file`, `size`, `sha256`, `added_by`, `added_at`)
SELECT lower(hex(randomblob(12))), `id`, 'other', coalesce(`attachment_name`, 'document.pdf'), `attachment_file`, coalesce(`attachment_size`, 0), NULL, `created_by`, `updated_at`
FROM `responses` WHERE `attachment_file` IS NOT NULL;
--> statement-breakpoint
-- Calls decided before decided_at existed: the time of their 'call.decided' audit event.
UPDATE `calls` SET `decided_at` = coalesce(
	(SELECT max(a.`at`) FROM `audit_events` a WHERE a.`object_id` = `calls`.`id` AND a.`action` = 'call.decided'),
	(SELECT max(r.`decided_at`) FROM `responses` r WHERE r.`call_id` = `calls`.`id`),
	`calls`.`updated_at`)
WHERE `status` IN ('decided', 'experimenting', 'evaluated') AND `decided_at` IS NULL;
