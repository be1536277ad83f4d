CREATE TABLE `call_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`kind` text NOT NULL,
	`document_name` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	`user_id` text NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_changes_call_idx` ON `call_changes` (`call_id`,`at`);--> statement-breakpoint
CREATE TABLE `call_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`name` text NOT NULL,
	`file` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_documents_call_idx` ON `call_documents` (`call_id`,`added_at`);--> statement-breakpoint
ALTER TABLE `organisation_profiles` ADD `references` text DEFAULT '' NOT NULL;