-- The account list at any depth and size: a flag for summaries to make again, so finding them reads
-- an index instead of every row, and an ordering key without nulls for keyset paging (a cursor
-- continues after the last row of a page, so page 1,000 costs what page 1 does).
ALTER TABLE account_summary ADD COLUMN dirty BOOLEAN DEFAULT TRUE NOT NULL;       -- true: made again before it is trusted
ALTER TABLE account_summary ADD COLUMN activity_order BIGINT DEFAULT 0 NOT NULL;  -- last activity in epoch milliseconds; 0: none
CREATE INDEX account_summary_dirty ON account_summary (dirty);
CREATE INDEX account_summary_order ON account_summary (activity_order DESC, account);
DROP INDEX account_summary_activity;
