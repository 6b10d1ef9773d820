CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`incident_id` integer,
	`level` text NOT NULL,
	`score` real NOT NULL,
	`status` text NOT NULL,
	`decided_level` text,
	`decided_by` integer,
	`decided_at` integer,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposals_topic` ON `proposals` (`topic_id`,`status`);--> statement-breakpoint
CREATE TABLE `signals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`link` text NOT NULL,
	`sender` text NOT NULL,
	`lead_id` integer NOT NULL,
	`topic_id` integer,
	`title` text NOT NULL,
	`excerpt` text NOT NULL,
	`author_name` text NOT NULL,
	`author_followers` integer NOT NULL,
	`author_verified` integer NOT NULL,
	`published_at` integer NOT NULL,
	`reads` integer NOT NULL,
	`reposts` integer NOT NULL,
	`comments` integer NOT NULL,
	`likes` integer NOT NULL,
	`mentions_last_hour` integer NOT NULL,
	`sentiment` real NOT NULL,
	`keywords` text NOT NULL,
	`weight` real NOT NULL,
	`content_hash` text NOT NULL,
	`observations` integer DEFAULT 1 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signals_source_link` ON `signals` (`source`,`link`);--> statement-breakpoint
CREATE INDEX `signals_topic_seen` ON `signals` (`topic_id`,`last_seen_at`);--> statement-breakpoint
CREATE INDEX `signals_link` ON `signals` (`link`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`tokens` text NOT NULL,
	`incident_id` integer,
	`score` real DEFAULT 0 NOT NULL,
	`level` text,
	`acted_level` text,
	`indicators` text,
	`rates` text DEFAULT '[]' NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `topics_last_seen` ON `topics` (`last_seen_at`);--> statement-breakpoint
CREATE INDEX `topics_incident` ON `topics` (`incident_id`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `raised_by` text DEFAULT 'person' NOT NULL;--> statement-breakpoint
CREATE INDEX `leads_link` ON `leads` (`link`);--> statement-breakpoint
CREATE INDEX `leads_incident` ON `leads` (`incident_id`);