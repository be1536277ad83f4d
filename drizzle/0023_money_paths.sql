CREATE TABLE `stripe_disputes` (
	`id` text PRIMARY KEY NOT NULL,
	`pledge_id` text NOT NULL,
	`fund_id` text NOT NULL,
	`charge_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text NOT NULL,
	`withdrawn_cents` integer DEFAULT 0 NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stripe_disputes_fund_idx` ON `stripe_disputes` (`fund_id`,`closed_at`);