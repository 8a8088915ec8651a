-- Issue 12 leftovers. Traces older than the retention (WEGWEISER_TRACE_RETENTION_DAYS) are deleted
-- in the background, oldest first: an index on the answer's time, so the clean-up reads only them.
CREATE INDEX recommendation_trace_answered ON recommendation_trace (answered_at);

-- The report of one item (GET /api/v1/insights/items?item=...) filters by item and window; the
-- keys start with the day, so without these it read every row of the window for every item.
CREATE INDEX insight_item_total_item ON insight_item_total (item_id, on_day);
CREATE INDEX insight_item_language_item ON insight_item_language (item_id, on_day);
CREATE INDEX insight_item_role_item ON insight_item_role (item_id, on_day);
CREATE INDEX insight_item_channel_item ON insight_item_channel (item_id, on_day);
CREATE INDEX insight_influence_total_item ON insight_influence_total (item_id, on_day);
CREATE INDEX insight_influence_language_item ON insight_influence_language (item_id, on_day);
CREATE INDEX insight_influence_role_item ON insight_influence_role (item_id, on_day);
CREATE INDEX insight_influence_channel_item ON insight_influence_channel (item_id, on_day);
