-- Insights (issue 12): every recommendation answer is traced, and the figures marketers read are
-- kept as daily aggregates that the event's own transaction updates, so no report scans the events.
-- Aggregates carry no contact id. An event row keeps the role and language its contact had when it
-- arrived (and a phase change the dimensions it was counted under), so erasing a contact can take
-- exactly its share out of every aggregate. Plain SQL for PostgreSQL 15 and H2 2.x.

ALTER TABLE contact_event ADD COLUMN tracking_id VARCHAR(40);
ALTER TABLE contact_event ADD COLUMN role VARCHAR(100);
ALTER TABLE contact_event ADD COLUMN language VARCHAR(10);

-- since when the contact is in its current phase (null: since it was created)
ALTER TABLE contact ADD COLUMN phase_since TIMESTAMP WITH TIME ZONE;
UPDATE contact SET phase_since = (SELECT MAX(ch.at) FROM contact_change ch WHERE ch.contact_id = contact.id AND ch.kind = 'PHASE');

-- how a phase change was counted in insight_move_day
ALTER TABLE contact_change ADD COLUMN role VARCHAR(100);
ALTER TABLE contact_change ADD COLUMN language VARCHAR(10);
ALTER TABLE contact_change ADD COLUMN channel VARCHAR(100);
ALTER TABLE contact_change ADD COLUMN days_in_phase INTEGER;

-- whole days from consuming the item to the contact's first move to a later phase (null: none yet)
ALTER TABLE contact_consumed ADD COLUMN moved_days INTEGER;
ALTER TABLE contact_consumed ADD COLUMN role VARCHAR(100);
ALTER TABLE contact_consumed ADD COLUMN language VARCHAR(10);
ALTER TABLE contact_consumed ADD COLUMN channel VARCHAR(100);

-- one row per answer: which rules (by their index in insight_rule_names) and points put each item
-- in front of the contact. No contact id: the trace of an anonymous answer stays anonymous.
CREATE TABLE recommendation_trace (
    tracking_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    answered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    rules_version VARCHAR(100) NOT NULL,
    role          VARCHAR(100) NOT NULL,
    language      VARCHAR(10)  NOT NULL,
    items         VARCHAR(100000) NOT NULL  -- item:rule=points,rule=points;item:...
);

-- the rule names of a rules version, a JSON array; a trace names rules by their index in it
CREATE TABLE insight_rule_names (
    rules_version VARCHAR(100)    NOT NULL PRIMARY KEY,
    names         VARCHAR(1000000) NOT NULL
);

-- impressions and clicks of answers to contacts that are not stored; each counted once
CREATE TABLE anonymous_feedback (
    tracking_id VARCHAR(40)  NOT NULL,
    item_id     VARCHAR(200) NOT NULL,
    type        VARCHAR(40)  NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    channel     VARCHAR(100) NOT NULL,
    PRIMARY KEY (tracking_id, item_id, type)
);

-- The aggregates. Each comes as four tables: _total, and one per split (the contact's language
-- or role, the event's channel; '' for an event without channel). A split in one table with all
-- three would hold nearly a row per event (100,000 events left 99,339 rows): four narrow tables
-- keep each report's rows to days x items x (one split's values).
-- events per item, event type and day
CREATE TABLE insight_item_total (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    type          VARCHAR(40) NOT NULL,
    events        BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, type)
);
CREATE TABLE insight_item_language (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    type          VARCHAR(40) NOT NULL,
    language      VARCHAR(10) NOT NULL,
    events        BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, type, language)
);
CREATE TABLE insight_item_role (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    type          VARCHAR(40) NOT NULL,
    role          VARCHAR(100) NOT NULL,
    events        BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, type, role)
);
CREATE TABLE insight_item_channel (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    type          VARCHAR(40) NOT NULL,
    channel       VARCHAR(100) NOT NULL,
    events        BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, type, channel)
);

-- impressions and clicks of traced items per rule and day; rule '' counts every traced item; points: what the rule gave, summed over the impressions
CREATE TABLE insight_rule_total (
    on_day        DATE NOT NULL,
    rules_version VARCHAR(100) NOT NULL,
    rule          VARCHAR(300) NOT NULL,
    impressions   BIGINT NOT NULL,
    clicks        BIGINT NOT NULL,
    points        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (on_day, rules_version, rule)
);
CREATE TABLE insight_rule_language (
    on_day        DATE NOT NULL,
    rules_version VARCHAR(100) NOT NULL,
    rule          VARCHAR(300) NOT NULL,
    language      VARCHAR(10) NOT NULL,
    impressions   BIGINT NOT NULL,
    clicks        BIGINT NOT NULL,
    points        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (on_day, rules_version, rule, language)
);
CREATE TABLE insight_rule_role (
    on_day        DATE NOT NULL,
    rules_version VARCHAR(100) NOT NULL,
    rule          VARCHAR(300) NOT NULL,
    role          VARCHAR(100) NOT NULL,
    impressions   BIGINT NOT NULL,
    clicks        BIGINT NOT NULL,
    points        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (on_day, rules_version, rule, role)
);
CREATE TABLE insight_rule_channel (
    on_day        DATE NOT NULL,
    rules_version VARCHAR(100) NOT NULL,
    rule          VARCHAR(300) NOT NULL,
    channel       VARCHAR(100) NOT NULL,
    impressions   BIGINT NOT NULL,
    clicks        BIGINT NOT NULL,
    points        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (on_day, rules_version, rule, channel)
);

-- contacts who moved to a later phase after consuming an item, by day of consumption and whole days until the move
CREATE TABLE insight_influence_total (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days)
);
CREATE TABLE insight_influence_language (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    language      VARCHAR(10) NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days, language)
);
CREATE TABLE insight_influence_role (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    role          VARCHAR(100) NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days, role)
);
CREATE TABLE insight_influence_channel (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    channel       VARCHAR(100) NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days, channel)
);

-- phase changes of stored contacts by day, with the whole days spent in the phase they left
CREATE TABLE insight_move_total (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase)
);
CREATE TABLE insight_move_language (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    language      VARCHAR(10) NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase, language)
);
CREATE TABLE insight_move_role (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    role          VARCHAR(100) NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase, role)
);
CREATE TABLE insight_move_channel (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    channel       VARCHAR(100) NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase, channel)
);

-- the funnel: contacts per phase, and those stalled in it
CREATE INDEX contact_phase ON contact (phase, role, language);

-- events stored before this version count in the item figures (the role and language they had now)
UPDATE contact_event SET role = (SELECT c.role FROM contact c WHERE c.id = contact_event.contact_id),
                         language = (SELECT c.language FROM contact c WHERE c.id = contact_event.contact_id);
INSERT INTO insight_item_total (on_day, item_id, type, events)
    SELECT CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type, COUNT(*)
    FROM contact_event WHERE item_id IS NOT NULL
    GROUP BY CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type;
INSERT INTO insight_item_language (on_day, item_id, type, language, events)
    SELECT CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type, language, COUNT(*)
    FROM contact_event WHERE item_id IS NOT NULL
    GROUP BY CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type, language;
INSERT INTO insight_item_role (on_day, item_id, type, role, events)
    SELECT CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type, role, COUNT(*)
    FROM contact_event WHERE item_id IS NOT NULL
    GROUP BY CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type, role;
INSERT INTO insight_item_channel (on_day, item_id, type, channel, events)
    SELECT CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type, COALESCE(channel, ''), COUNT(*)
    FROM contact_event WHERE item_id IS NOT NULL
    GROUP BY CAST((occurred_at AT TIME ZONE 'UTC') AS DATE), item_id, type, COALESCE(channel, '');
