CREATE TABLE `disbursements` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`project_id` text,
	`response_id` text,
	`amount_cents` integer NOT NULL,
	`description` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`proposed_by` text NOT NULL,
	`proposed_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`rejection_reason` text,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disbursements_amount_positive" CHECK("disbursements"."amount_cents" > 0),
	CONSTRAINT "disbursements_one_beneficiary" CHECK(("disbursements"."project_id" is null) <> ("disbursements"."response_id" is null))
);
--> statement-breakpoint
CREATE INDEX `disbursements_fund_idx` ON `disbursements` (`fund_id`);--> statement-breakpoint
CREATE TABLE `funds` (
	`id` text PRIMARY KEY NOT NULL,
	`consortium_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`purpose` text NOT NULL,
	`target_cents` integer NOT NULL,
	`threshold_cents` integer NOT NULL,
	`rule` text NOT NULL,
	`deadline` integer NOT NULL,
	`cap_amount_cents` integer,
	`cap_share_bp` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`settled_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortia`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "funds_amounts_positive" CHECK("funds"."target_cents" > 0 and "funds"."threshold_cents" > 0 and "funds"."threshold_cents" <= "funds"."target_cents")
);
--> statement-breakpoint
CREATE INDEX `funds_consortium_idx` ON `funds` (`consortium_id`);--> statement-breakpoint
CREATE INDEX `funds_status_deadline_idx` ON `funds` (`status`,`deadline`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fund_id` text NOT NULL,
	`pledge_id` text,
	`disbursement_id` text,
	`kind` text NOT NULL,
	`from_bucket` text NOT NULL,
	`to_bucket` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`is_match` integer DEFAULT false NOT NULL,
	`organisation_id` text,
	`reference` text DEFAULT '' NOT NULL,
	`actor_user_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`disbursement_id`) REFERENCES `disbursements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_entries_amount_positive" CHECK("ledger_entries"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE INDEX `ledger_entries_fund_idx` ON `ledger_entries` (`fund_id`,`seq`);--> statement-breakpoint
CREATE INDEX `ledger_entries_pledge_idx` ON `ledger_entries` (`pledge_id`);--> statement-breakpoint
CREATE TABLE `match_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`partner_organisation_id` text NOT NULL,
	`ratio_bp` integer NOT NULL,
	`cap_per_pledge_cents` integer,
	`total_cap_cents` integer NOT NULL,
	`only_if_threshold_reached` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `match_offers_fund_idx` ON `match_offers` (`fund_id`);--> statement-breakpoint
CREATE TABLE `pledges` (
	`id` text PRIMARY KEY NOT NULL,
	`fund_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text DEFAULT 'intent' NOT NULL,
	`match_offer_id` text,
	`matches_pledge_id` text,
	`note` text DEFAULT '' NOT NULL,
	`entered_by` text,
	`entered_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`deliberation_reference` text,
	`deliberation_date` integer,
	`called_by` text,
	`called_at` integer,
	`due_date` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`match_offer_id`) REFERENCES `match_offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`called_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pledges_amount_positive" CHECK("pledges"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE INDEX `pledges_fund_idx` ON `pledges` (`fund_id`,`status`);--> statement-breakpoint
CREATE INDEX `pledges_organisation_idx` ON `pledges` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `pledges_matches_idx` ON `pledges` (`matches_pledge_id`);