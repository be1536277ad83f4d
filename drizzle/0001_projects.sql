CREATE TABLE `project_coproposers` (
	`project_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`status` text DEFAULT 'invited' NOT NULL,
	`invited_by` text NOT NULL,
	`invited_at` integer NOT NULL,
	`responded_at` integer,
	PRIMARY KEY(`project_id`, `organisation_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_coproposers_org_idx` ON `project_coproposers` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `project_departements` (
	`project_id` text NOT NULL,
	`departement_code` text NOT NULL,
	PRIMARY KEY(`project_id`, `departement_code`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_departements_code_idx` ON `project_departements` (`departement_code`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`proposer_organisation_id` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`theme` text NOT NULL,
	`estimated_budget_cents` integer,
	`seeking_partners` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`proposer_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `projects_status_published_idx` ON `projects` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `projects_theme_idx` ON `projects` (`theme`,`status`);--> statement-breakpoint
CREATE INDEX `projects_proposer_idx` ON `projects` (`proposer_organisation_id`);