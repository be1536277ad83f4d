CREATE TABLE `indicator_measurements` (
	`indicator_id` text NOT NULL,
	`measured_on` text NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`indicator_id`, `measured_on`),
	FOREIGN KEY (`indicator_id`) REFERENCES `project_indicators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organisation_profiles` (
	`organisation_id` text PRIMARY KEY NOT NULL,
	`website` text,
	`contact_email` text,
	`contact_phone` text,
	`logo` blob,
	`logo_type` text,
	`referent_name` text,
	`referent_role` text,
	`referent_email` text,
	`referent_phone` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organisation_profiles_referent_idx` ON `organisation_profiles` (`referent_name`);--> statement-breakpoint
CREATE TABLE `project_budget_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`amount_cents` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_budget_lines_project_idx` ON `project_budget_lines` (`project_id`,`position`);--> statement-breakpoint
CREATE TABLE `project_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`title` text NOT NULL,
	`file` text NOT NULL,
	`file_name` text NOT NULL,
	`size` integer NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_documents_project_idx` ON `project_documents` (`project_id`);--> statement-breakpoint
CREATE TABLE `project_indicators` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`baseline` real,
	`target` real,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_indicators_project_idx` ON `project_indicators` (`project_id`,`position`);--> statement-breakpoint
CREATE TABLE `project_interests` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`replica_project_id` text,
	`message` text DEFAULT '' NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`answered_by` text,
	`answered_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replica_project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_interests_project_idx` ON `project_interests` (`project_id`,`status`);--> statement-breakpoint
CREATE INDEX `project_interests_org_idx` ON `project_interests` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `project_interests_replica_idx` ON `project_interests` (`replica_project_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `project_interests_live_idx` ON `project_interests` (`project_id`,`organisation_id`,`kind`) WHERE "project_interests"."status" in ('requested', 'accepted');--> statement-breakpoint
CREATE TABLE `project_reuse` (
	`project_id` text PRIMARY KEY NOT NULL,
	`licence` text,
	`repository_url` text,
	`contact_name` text,
	`contact_email` text,
	`reusable_parts` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `conversation_parties` (
	`conversation_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	PRIMARY KEY(`conversation_id`, `organisation_id`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversation_parties_org_idx` ON `conversation_parties` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `conversation_reads` (
	`conversation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `user_id`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_reads_user_idx` ON `conversation_reads` (`user_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`subject` text NOT NULL,
	`consortium_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_message_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortia`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversations_consortium_idx` ON `conversations` (`consortium_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`author_user_id` text NOT NULL,
	`author_organisation_id` text NOT NULL,
	`body` text NOT NULL,
	`attachment_file` text,
	`attachment_name` text,
	`attachment_size` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`created_at`);--> statement-breakpoint
-- Full-text search over organisations' names and descriptions, kept by triggers so that every way of
-- creating or renaming an organisation is indexed; unicode61 removes diacritics, the triggers fold ligatures.
CREATE VIRTUAL TABLE `organisations_search` USING fts5(
	`organisation_id` UNINDEXED,
	`name`,
	`description`,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `organisations_search` (`organisation_id`, `name`, `description`)
	SELECT `id`, replace(replace(replace(replace(`name`, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'),
		replace(replace(replace(replace(`description`, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')
	FROM `organisations`;
--> statement-breakpoint
CREATE TRIGGER `organisations_search_insert` AFTER INSERT ON `organisations`
BEGIN
	INSERT INTO `organisations_search` (`organisation_id`, `name`, `description`) VALUES (NEW.`id`,
		replace(replace(replace(replace(NEW.`name`, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'),
		replace(replace(replace(replace(NEW.`description`, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'));
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_search_update` AFTER UPDATE OF `name`, `description` ON `organisations`
BEGIN
	DELETE FROM `organisations_search` WHERE `organisation_id` = OLD.`id`;
	INSERT INTO `organisations_search` (`organisation_id`, `name`, `description`) VALUES (NEW.`id`,
		replace(replace(replace(replace(NEW.`name`, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'),
		replace(replace(replace(replace(NEW.`description`, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'));
END;
--> statement-breakpoint
CREATE TRIGGER `organisations_search_delete` AFTER DELETE ON `organisations`
BEGIN
	DELETE FROM `organisations_search` WHERE `organisation_id` = OLD.`id`;
END;
