-- The journey report's funnel without reading every contact (issue 12, 10 million events): stored
-- contacts per phase, role, language and the UTC day they entered their phase (their last move, or
-- their creation). Every write of a contact row moves it between cells in the same transaction.
-- Contacts who entered on the day a stall begins are looked up by their time: the two indexes.
CREATE TABLE insight_funnel (
    phase      VARCHAR(40)  NOT NULL,
    role       VARCHAR(100) NOT NULL,
    language   VARCHAR(10)  NOT NULL,
    since_day  DATE         NOT NULL,
    contacts   BIGINT       NOT NULL,
    PRIMARY KEY (phase, role, language, since_day)
);
INSERT INTO insight_funnel (phase, role, language, since_day, contacts)
    SELECT phase, role, language, CAST((COALESCE(phase_since, created_at) AT TIME ZONE 'UTC') AS DATE), COUNT(*)
    FROM contact
    GROUP BY phase, role, language, CAST((COALESCE(phase_since, created_at) AT TIME ZONE 'UTC') AS DATE);
CREATE INDEX contact_phase_since ON contact (phase_since);
CREATE INDEX contact_created ON contact (created_at);
