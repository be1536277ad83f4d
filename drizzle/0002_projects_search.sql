-- Full-text search over projects. The application writes the folded text (lower case, œ → oe, æ → ae)
-- in the transaction that changes the project; unicode61 removes the remaining diacritics.
CREATE VIRTUAL TABLE `projects_search` USING fts5(
	`project_id` UNINDEXED,
	`title`,
	`summary`,
	`description`,
	tokenize = 'unicode61 remove_diacritics 2'
);
