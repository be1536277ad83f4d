ALTER TABLE `project_documents` ADD `sha256` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `project_documents` ADD `reusable` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `project_documents_file_idx` ON `project_documents` (`file`);