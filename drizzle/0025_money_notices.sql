ALTER TABLE `outbox` ADD `attachments` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_transfer_iban` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_transfer_bic` text;--> statement-breakpoint
ALTER TABLE `pledges` ADD `stripe_transfer_holder` text;