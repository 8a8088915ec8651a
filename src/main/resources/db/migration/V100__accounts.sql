-- Accounts: a summary per account (the contacts with the same account) for listing and filtering
-- them without judging every account on every request. The account view itself is always computed
-- from the contacts; this table is a cache of it, kept honest by a change counter: every write to a
-- member counts up `changes`, and a summary is current only while `summarized_changes` equals it and
-- it was made by the live account rules (`rules_version`). Plain SQL for PostgreSQL 15 and H2.

CREATE TABLE account_summary (
    account            VARCHAR(200)     NOT NULL PRIMARY KEY,
    changes            BIGINT           NOT NULL,  -- writes to the account's members so far
    summarized_changes BIGINT           NOT NULL,  -- the count the summary below was made at
    rules_version      VARCHAR(100),               -- the account rules that made it; null: never made
    members            INTEGER          NOT NULL,
    active_members     INTEGER          NOT NULL,
    phase              VARCHAR(40),
    status             VARCHAR(20),
    gap_kinds          VARCHAR(200)     NOT NULL,  -- gap kind ids, comma-separated, each once
    gaps               INTEGER          NOT NULL,
    score              DOUBLE PRECISION NOT NULL,
    last_activity      TIMESTAMP WITH TIME ZONE,
    summarized_at      TIMESTAMP WITH TIME ZONE
);
-- GET /api/v1/accounts: most recent activity first
CREATE INDEX account_summary_activity ON account_summary (last_activity DESC NULLS LAST, account);
