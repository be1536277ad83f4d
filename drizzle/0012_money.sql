ALTER TABLE `match_offers` ADD `decision_reference` text;--> statement-breakpoint
ALTER TABLE `match_offers` ADD `decision_date` integer;--> statement-breakpoint
ALTER TABLE `match_offers` ADD `approved_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `match_offers` ADD `approved_at` integer;