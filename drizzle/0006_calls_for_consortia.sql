ALTER TABLE `calls` ADD `audience` text DEFAULT 'startups' NOT NULL;--> statement-breakpoint
ALTER TABLE `calls` ADD `eligibility_min_members` integer;--> statement-breakpoint
ALTER TABLE `calls` ADD `eligibility_min_departements` integer;--> statement-breakpoint
ALTER TABLE `calls` ADD `eligibility_allowed_regions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `consortium_id` text REFERENCES consortia(id);