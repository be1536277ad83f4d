CREATE TABLE `call_criteria` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`weight` integer NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `call_criteria_call_idx` ON `call_criteria` (`call_id`,`position`);--> statement-breakpoint
CREATE TABLE `call_evaluators` (
	`call_id` text NOT NULL,
	`user_id` text NOT NULL,
	`assigned_by` text NOT NULL,
	`assigned_at` integer NOT NULL,
	PRIMARY KEY(`call_id`, `user_id`),
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_evaluators_user_idx` ON `call_evaluators` (`user_id`);--> statement-breakpoint
CREATE TABLE `call_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`asked_by` text NOT NULL,
	`asked_for_organisation_id` text,
	`question` text NOT NULL,
	`answer` text,
	`answered_by` text,
	`asked_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`asked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asked_for_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_questions_call_idx` ON `call_questions` (`call_id`,`asked_at`);--> statement-breakpoint
CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`publisher_organisation_id` text NOT NULL,
	`title` text NOT NULL,
	`challenge` text NOT NULL,
	`theme` text NOT NULL,
	`budget_cents` integer,
	`duration_months` integer NOT NULL,
	`legal_frame` text NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`publisher_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calls_status_closes_idx` ON `calls` (`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `calls_theme_idx` ON `calls` (`theme`,`status`);--> statement-breakpoint
CREATE INDEX `calls_publisher_idx` ON `calls` (`publisher_organisation_id`);--> statement-breakpoint
CREATE TABLE `evaluation_scores` (
	`response_id` text NOT NULL,
	`evaluator_id` text NOT NULL,
	`criterion_id` text NOT NULL,
	`score` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`scored_at` integer NOT NULL,
	PRIMARY KEY(`response_id`, `evaluator_id`, `criterion_id`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`evaluator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`criterion_id`) REFERENCES `call_criteria`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `response_conflicts` (
	`response_id` text NOT NULL,
	`evaluator_id` text NOT NULL,
	`has_conflict` integer NOT NULL,
	`declared_at` integer NOT NULL,
	PRIMARY KEY(`response_id`, `evaluator_id`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`evaluator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`startup_organisation_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`proposal` text NOT NULL,
	`price_cents` integer NOT NULL,
	`duration_months` integer NOT NULL,
	`team` text NOT NULL,
	`references` text DEFAULT '' NOT NULL,
	`attachment_file` text,
	`attachment_name` text,
	`attachment_size` integer,
	`justification` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`decided_at` integer,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`startup_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_call_startup_idx` ON `responses` (`call_id`,`startup_organisation_id`);--> statement-breakpoint
CREATE INDEX `responses_startup_idx` ON `responses` (`startup_organisation_id`);