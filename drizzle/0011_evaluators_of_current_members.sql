-- Evaluator assignments of people who no longer belong to the publishing organisation (removal used to
-- leave them): recorded in the audit log, then removed. Removing a member now revokes them itself.
INSERT INTO `audit_events` (`at`, `actor_user_id`, `acting_organisation_id`, `action`, `object_type`, `object_id`, `details`)
SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000, NULL, `calls`.`publisher_organisation_id`, 'call.evaluator_revoked', 'call', `call_evaluators`.`call_id`,
	json_object('evaluatorId', `call_evaluators`.`user_id`, 'reason', 'membership_ended')
FROM `call_evaluators` INNER JOIN `calls` ON `calls`.`id` = `call_evaluators`.`call_id`
WHERE NOT EXISTS (
	SELECT 1 FROM `memberships`
	WHERE `memberships`.`organisation_id` = `calls`.`publisher_organisation_id` AND `memberships`.`user_id` = `call_evaluators`.`user_id`
);
--> statement-breakpoint
DELETE FROM `call_evaluators`
WHERE NOT EXISTS (
	SELECT 1 FROM `memberships` INNER JOIN `calls` ON `calls`.`id` = `call_evaluators`.`call_id`
	WHERE `memberships`.`organisation_id` = `calls`.`publisher_organisation_id` AND `memberships`.`user_id` = `call_evaluators`.`user_id`
);
