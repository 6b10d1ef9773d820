CREATE TABLE `record_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`hash` text,
	`length` integer NOT NULL,
	`sealed_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `approval_decisions` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `approval_decisions` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `timeline` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `timeline` ADD `hash` text;