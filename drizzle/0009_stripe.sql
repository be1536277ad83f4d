CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`outcome` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stripe_refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`pledge_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`stripe_object_id` text,
	`created_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`pledge_id`) REFERENCES `pledges`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stripe_refunds_due_idx` ON `stripe_refunds` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `stripe_customer_id` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_invoice_id` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_invoice_url` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_invoice_pdf` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_status` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_paid_cents` integer;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_checkout_session_id` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_payment_intent_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `pledges_stripe_invoice_idx` ON `pledges` (`stripe_invoice_id`);--> statement-breakpoint
CREATE INDEX `pledges_stripe_intent_idx` ON `pledges` (`stripe_payment_intent_id`);