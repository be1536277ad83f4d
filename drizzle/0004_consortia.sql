CREATE TABLE `consortia` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`purpose` text NOT NULL,
	`coordinator_organisation_id` text NOT NULL,
	`proposed_coordinator_organisation_id` text,
	`status` text DEFAULT 'forming' NOT NULL,
	`min_members` integer NOT NULL,
	`min_departements` integer NOT NULL,
	`allowed_regions` text DEFAULT '[]' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`dissolved_at` integer,
	FOREIGN KEY (`coordinator_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_coordinator_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consortia_status_idx` ON `consortia` (`status`);--> statement-breakpoint
CREATE INDEX `consortia_coordinator_idx` ON `consortia` (`coordinator_organisation_id`);--> statement-breakpoint
CREATE TABLE `consortium_members` (
	`id` text PRIMARY KEY NOT NULL,
	`consortium_id` text NOT NULL,
	`organisation_id` text,
	`insee_code` text,
	`epci_siren` text,
	`invited_name` text NOT NULL,
	`status` text DEFAULT 'invited' NOT NULL,
	`invited_by` text NOT NULL,
	`invited_at` integer NOT NULL,
	`responded_at` integer,
	`decision_kind` text,
	`deliberation_number` text,
	`deliberation_date` integer,
	`deliberation_file` text,
	`deliberation_file_name` text,
	`approved_by` text,
	`approved_at` integer,
	`withdrawal_reason` text,
	`withdrawn_at` integer,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortia`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consortium_members_consortium_idx` ON `consortium_members` (`consortium_id`);--> statement-breakpoint
CREATE INDEX `consortium_members_org_idx` ON `consortium_members` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `consortium_members_insee_idx` ON `consortium_members` (`insee_code`);--> statement-breakpoint
CREATE INDEX `consortium_members_epci_idx` ON `consortium_members` (`epci_siren`);--> statement-breakpoint
CREATE UNIQUE INDEX `consortium_members_live_idx` ON `consortium_members` (`consortium_id`,`organisation_id`) WHERE "consortium_members"."organisation_id" is not null and "consortium_members"."status" in ('invited', 'accepted', 'council_approved');--> statement-breakpoint
CREATE TABLE `consortium_projects` (
	`consortium_id` text NOT NULL,
	`project_id` text NOT NULL,
	PRIMARY KEY(`consortium_id`, `project_id`),
	FOREIGN KEY (`consortium_id`) REFERENCES `consortia`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consortium_projects_project_idx` ON `consortium_projects` (`project_id`);--> statement-breakpoint
CREATE TABLE `deliberation_numbers` (
	`organisation_id` text NOT NULL,
	`number` text NOT NULL,
	`member_id` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `number`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `consortium_members`(`id`) ON UPDATE no action ON DELETE no action
);
