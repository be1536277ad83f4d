CREATE TABLE `fund_flows` (
	`fund_id` text NOT NULL,
	`from_bucket` text NOT NULL,
	`to_bucket` text NOT NULL,
	`is_match` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	PRIMARY KEY(`fund_id`, `from_bucket`, `to_bucket`, `is_match`),
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `fund_member_flows` (
	`fund_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`from_bucket` text NOT NULL,
	`to_bucket` text NOT NULL,
	`is_match` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	PRIMARY KEY(`fund_id`, `organisation_id`, `from_bucket`, `to_bucket`, `is_match`),
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `match_offer_flows` (
	`match_offer_id` text NOT NULL,
	`fund_id` text NOT NULL,
	`from_bucket` text NOT NULL,
	`to_bucket` text NOT NULL,
	`is_match` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	PRIMARY KEY(`match_offer_id`, `from_bucket`, `to_bucket`, `is_match`),
	FOREIGN KEY (`match_offer_id`) REFERENCES `match_offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`fund_id`) REFERENCES `funds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `match_offer_flows_fund_idx` ON `match_offer_flows` (`fund_id`);--> statement-breakpoint
CREATE INDEX `ledger_entries_fund_kind_idx` ON `ledger_entries` (`fund_id`,`kind`,`pledge_id`);--> statement-breakpoint
-- The running totals, filled from the entries already written, then kept by the database: each inserted entry
-- adds its amount to its flows in the inserting transaction. Entries are never updated nor deleted (migration
-- 0008 refuses both), so nothing else ever changes a flow; `ledger:verify` checks they equal the sums.
INSERT INTO `fund_flows` (`fund_id`, `from_bucket`, `to_bucket`, `is_match`, `amount_cents`)
SELECT `fund_id`, `from_bucket`, `to_bucket`, `is_match`, sum(`amount_cents`) FROM `ledger_entries`
GROUP BY `fund_id`, `from_bucket`, `to_bucket`, `is_match`;
--> statement-breakpoint
INSERT INTO `fund_member_flows` (`fund_id`, `organisation_id`, `from_bucket`, `to_bucket`, `is_match`, `amount_cents`)
SELECT `fund_id`, `organisation_id`, `from_bucket`, `to_bucket`, `is_match`, sum(`amount_cents`) FROM `ledger_entries`
WHERE `pledge_id` IS NOT NULL AND `organisation_id` IS NOT NULL
GROUP BY `fund_id`, `organisation_id`, `from_bucket`, `to_bucket`, `is_match`;
--> statement-breakpoint
INSERT INTO `match_offer_flows` (`match_offer_id`, `fund_id`, `from_bucket`, `to_bucket`, `is_match`, `amount_cents`)
SELECT p.`match_offer_id`, e.`fund_id`, e.`from_bucket`, e.`to_bucket`, e.`is_match`, sum(e.`amount_cents`)
FROM `ledger_entries` e INNER JOIN `pledges` p ON p.`id` = e.`pledge_id`
WHERE p.`match_offer_id` IS NOT NULL
GROUP BY p.`match_offer_id`, e.`fund_id`, e.`from_bucket`, e.`to_bucket`, e.`is_match`;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_fund_flows` AFTER INSERT ON `ledger_entries`
BEGIN
	INSERT INTO `fund_flows` (`fund_id`, `from_bucket`, `to_bucket`, `is_match`, `amount_cents`)
	VALUES (NEW.`fund_id`, NEW.`from_bucket`, NEW.`to_bucket`, NEW.`is_match`, NEW.`amount_cents`)
	ON CONFLICT (`fund_id`, `from_bucket`, `to_bucket`, `is_match`) DO UPDATE SET `amount_cents` = `amount_cents` + excluded.`amount_cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_fund_member_flows` AFTER INSERT ON `ledger_entries`
WHEN NEW.`pledge_id` IS NOT NULL AND NEW.`organisation_id` IS NOT NULL
BEGIN
	INSERT INTO `fund_member_flows` (`fund_id`, `organisation_id`, `from_bucket`, `to_bucket`, `is_match`, `amount_cents`)
	VALUES (NEW.`fund_id`, NEW.`organisation_id`, NEW.`from_bucket`, NEW.`to_bucket`, NEW.`is_match`, NEW.`amount_cents`)
	ON CONFLICT (`fund_id`, `organisation_id`, `from_bucket`, `to_bucket`, `is_match`) DO UPDATE SET `amount_cents` = `amount_cents` + excluded.`amount_cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_match_offer_flows` AFTER INSERT ON `ledger_entries`
WHEN NEW.`pledge_id` IS NOT NULL
BEGIN
	INSERT INTO `match_offer_flows` (`match_offer_id`, `fund_id`, `from_bucket`, `to_bucket`, `is_match`, `amount_cents`)
	SELECT p.`match_offer_id`, NEW.`fund_id`, NEW.`from_bucket`, NEW.`to_bucket`, NEW.`is_match`, NEW.`amount_cents`
	FROM `pledges` p WHERE p.`id` = NEW.`pledge_id` AND p.`match_offer_id` IS NOT NULL
	ON CONFLICT (`match_offer_id`, `from_bucket`, `to_bucket`, `is_match`) DO UPDATE SET `amount_cents` = `amount_cents` + excluded.`amount_cents`;
END;
