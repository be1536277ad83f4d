CREATE TABLE `subsidy_records` (
	`disbursement_id` text PRIMARY KEY NOT NULL,
	`convention_date` text NOT NULL,
	`decision_reference` text NOT NULL,
	`nature` text NOT NULL,
	`payment_conditions` text NOT NULL,
	`payment_period` text NOT NULL,
	`notified_to_eu` integer DEFAULT false NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`disbursement_id`) REFERENCES `disbursements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `organisations` ADD `siret` text;