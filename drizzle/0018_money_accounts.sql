CREATE TABLE `receiving_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`holder` text NOT NULL,
	`iban` text NOT NULL,
	`bic` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`entered_by` text NOT NULL,
	`entered_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `receiving_accounts_organisation_idx` ON `receiving_accounts` (`organisation_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `receiving_accounts_one_approved_idx` ON `receiving_accounts` (`organisation_id`) WHERE status = 'approved';--> statement-breakpoint
CREATE UNIQUE INDEX `receiving_accounts_one_proposed_idx` ON `receiving_accounts` (`organisation_id`) WHERE status = 'proposed';--> statement-breakpoint
ALTER TABLE `pledges` ADD `payment_reference` text;--> statement-breakpoint
CREATE UNIQUE INDEX `pledges_payment_reference_idx` ON `pledges` (`payment_reference`);