DROP INDEX `signals_topic_seen`;--> statement-breakpoint
CREATE INDEX `signals_topic_figures` ON `signals` (`topic_id`,`last_seen_at`,`weight`,`sentiment`,`mentions_last_hour`);