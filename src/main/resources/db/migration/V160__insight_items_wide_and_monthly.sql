-- Insight reports at 10 million events (issue 12). Two changes, measured in docs/benchmarks.md:
-- 1. The item figures are one row per item and day (per split value) with a counter per event type
--    the report shows, instead of one row per event type: a report reads about a fifth of the rows.
--    Event types no report shows (page views of an item, ...) are no longer counted here.
-- 2. Items, influence and moves are kept a second time per calendar month (on_day holds the
--    month's first day): a window of a year reads its whole months from these and only the days of
--    its partial months from the daily rows. Rules are not: their rows stay few (days x rules).
-- Existing figures are carried over; the months are the sums of the days. The old item tables
-- (insight_item_*) stay, unread, for nodes of the previous release during a rolling upgrade (they
-- write there); a later release drops them. Plain SQL for PostgreSQL 15 and H2 2.x.

CREATE TABLE insight_items_total (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id)
);
CREATE INDEX insight_items_total_item ON insight_items_total (item_id, on_day);
CREATE TABLE insight_items_month_total (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id)
);
CREATE INDEX insight_items_month_total_item ON insight_items_month_total (item_id, on_day);
INSERT INTO insight_items_total (on_day, item_id, impressions, clicks, views, downloads, form_submissions)
SELECT on_day, item_id,
       SUM(CASE WHEN type = 'RECOMMENDATION_IMPRESSION' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'RECOMMENDATION_CLICK' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'CONTENT_VIEW' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'DOWNLOAD' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'FORM_SUBMIT' THEN events ELSE 0 END)
  FROM insight_item_total
 WHERE type IN ('RECOMMENDATION_IMPRESSION', 'RECOMMENDATION_CLICK', 'CONTENT_VIEW', 'DOWNLOAD', 'FORM_SUBMIT')
 GROUP BY on_day, item_id;
INSERT INTO insight_items_month_total (on_day, item_id, impressions, clicks, views, downloads, form_submissions)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, SUM(impressions), SUM(clicks), SUM(views), SUM(downloads), SUM(form_submissions)
  FROM insight_items_total
 GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id;
CREATE TABLE insight_items_language (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    language         VARCHAR(10) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, language)
);
CREATE INDEX insight_items_language_item ON insight_items_language (item_id, on_day);
CREATE TABLE insight_items_month_language (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    language         VARCHAR(10) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, language)
);
CREATE INDEX insight_items_month_language_item ON insight_items_month_language (item_id, on_day);
INSERT INTO insight_items_language (on_day, item_id, language, impressions, clicks, views, downloads, form_submissions)
SELECT on_day, item_id, language,
       SUM(CASE WHEN type = 'RECOMMENDATION_IMPRESSION' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'RECOMMENDATION_CLICK' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'CONTENT_VIEW' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'DOWNLOAD' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'FORM_SUBMIT' THEN events ELSE 0 END)
  FROM insight_item_language
 WHERE type IN ('RECOMMENDATION_IMPRESSION', 'RECOMMENDATION_CLICK', 'CONTENT_VIEW', 'DOWNLOAD', 'FORM_SUBMIT')
 GROUP BY on_day, item_id, language;
INSERT INTO insight_items_month_language (on_day, item_id, language, impressions, clicks, views, downloads, form_submissions)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, language, SUM(impressions), SUM(clicks), SUM(views), SUM(downloads), SUM(form_submissions)
  FROM insight_items_language
 GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, language;
CREATE TABLE insight_items_role (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    role             VARCHAR(100) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, role)
);
CREATE INDEX insight_items_role_item ON insight_items_role (item_id, on_day);
CREATE TABLE insight_items_month_role (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    role             VARCHAR(100) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, role)
);
CREATE INDEX insight_items_month_role_item ON insight_items_month_role (item_id, on_day);
INSERT INTO insight_items_role (on_day, item_id, role, impressions, clicks, views, downloads, form_submissions)
SELECT on_day, item_id, role,
       SUM(CASE WHEN type = 'RECOMMENDATION_IMPRESSION' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'RECOMMENDATION_CLICK' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'CONTENT_VIEW' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'DOWNLOAD' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'FORM_SUBMIT' THEN events ELSE 0 END)
  FROM insight_item_role
 WHERE type IN ('RECOMMENDATION_IMPRESSION', 'RECOMMENDATION_CLICK', 'CONTENT_VIEW', 'DOWNLOAD', 'FORM_SUBMIT')
 GROUP BY on_day, item_id, role;
INSERT INTO insight_items_month_role (on_day, item_id, role, impressions, clicks, views, downloads, form_submissions)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, role, SUM(impressions), SUM(clicks), SUM(views), SUM(downloads), SUM(form_submissions)
  FROM insight_items_role
 GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, role;
CREATE TABLE insight_items_channel (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    channel          VARCHAR(100) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, channel)
);
CREATE INDEX insight_items_channel_item ON insight_items_channel (item_id, on_day);
CREATE TABLE insight_items_month_channel (
    on_day           DATE NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    channel          VARCHAR(100) NOT NULL,
    impressions      BIGINT NOT NULL,
    clicks           BIGINT NOT NULL,
    views            BIGINT NOT NULL,
    downloads        BIGINT NOT NULL,
    form_submissions BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, channel)
);
CREATE INDEX insight_items_month_channel_item ON insight_items_month_channel (item_id, on_day);
INSERT INTO insight_items_channel (on_day, item_id, channel, impressions, clicks, views, downloads, form_submissions)
SELECT on_day, item_id, channel,
       SUM(CASE WHEN type = 'RECOMMENDATION_IMPRESSION' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'RECOMMENDATION_CLICK' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'CONTENT_VIEW' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'DOWNLOAD' THEN events ELSE 0 END),
       SUM(CASE WHEN type = 'FORM_SUBMIT' THEN events ELSE 0 END)
  FROM insight_item_channel
 WHERE type IN ('RECOMMENDATION_IMPRESSION', 'RECOMMENDATION_CLICK', 'CONTENT_VIEW', 'DOWNLOAD', 'FORM_SUBMIT')
 GROUP BY on_day, item_id, channel;
INSERT INTO insight_items_month_channel (on_day, item_id, channel, impressions, clicks, views, downloads, form_submissions)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, channel, SUM(impressions), SUM(clicks), SUM(views), SUM(downloads), SUM(form_submissions)
  FROM insight_items_channel
 GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, channel;

-- influence and moves by month
CREATE TABLE insight_influence_month_total (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days)
);
CREATE INDEX insight_influence_month_total_item ON insight_influence_month_total (item_id, on_day);
INSERT INTO insight_influence_month_total (on_day, item_id, moved_days, contacts)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days, SUM(contacts) FROM insight_influence_total GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days;
CREATE TABLE insight_move_month_total (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase)
);
INSERT INTO insight_move_month_total (on_day, from_phase, to_phase, days_in_phase, moves)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase, SUM(moves) FROM insight_move_total GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase;
CREATE TABLE insight_influence_month_language (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    language      VARCHAR(10) NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days, language)
);
CREATE INDEX insight_influence_month_language_item ON insight_influence_month_language (item_id, on_day);
INSERT INTO insight_influence_month_language (on_day, item_id, moved_days, language, contacts)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days, language, SUM(contacts) FROM insight_influence_language GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days, language;
CREATE TABLE insight_move_month_language (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    language      VARCHAR(10) NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase, language)
);
INSERT INTO insight_move_month_language (on_day, from_phase, to_phase, days_in_phase, language, moves)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase, language, SUM(moves) FROM insight_move_language GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase, language;
CREATE TABLE insight_influence_month_role (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    role          VARCHAR(100) NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days, role)
);
CREATE INDEX insight_influence_month_role_item ON insight_influence_month_role (item_id, on_day);
INSERT INTO insight_influence_month_role (on_day, item_id, moved_days, role, contacts)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days, role, SUM(contacts) FROM insight_influence_role GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days, role;
CREATE TABLE insight_move_month_role (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    role          VARCHAR(100) NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase, role)
);
INSERT INTO insight_move_month_role (on_day, from_phase, to_phase, days_in_phase, role, moves)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase, role, SUM(moves) FROM insight_move_role GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase, role;
CREATE TABLE insight_influence_month_channel (
    on_day        DATE NOT NULL,
    item_id       VARCHAR(200) NOT NULL,
    moved_days    INTEGER NOT NULL,
    channel       VARCHAR(100) NOT NULL,
    contacts      BIGINT NOT NULL,
    PRIMARY KEY (on_day, item_id, moved_days, channel)
);
CREATE INDEX insight_influence_month_channel_item ON insight_influence_month_channel (item_id, on_day);
INSERT INTO insight_influence_month_channel (on_day, item_id, moved_days, channel, contacts)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days, channel, SUM(contacts) FROM insight_influence_channel GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), item_id, moved_days, channel;
CREATE TABLE insight_move_month_channel (
    on_day        DATE NOT NULL,
    from_phase    VARCHAR(40) NOT NULL,
    to_phase      VARCHAR(40) NOT NULL,
    days_in_phase INTEGER NOT NULL,
    channel       VARCHAR(100) NOT NULL,
    moves         BIGINT NOT NULL,
    PRIMARY KEY (on_day, from_phase, to_phase, days_in_phase, channel)
);
INSERT INTO insight_move_month_channel (on_day, from_phase, to_phase, days_in_phase, channel, moves)
SELECT CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase, channel, SUM(moves) FROM insight_move_channel GROUP BY CAST(DATE_TRUNC('MONTH', on_day) AS DATE), from_phase, to_phase, days_in_phase, channel;
