-- Deployments through the admin API (issue 15): who changed which rule or catalog files, when, and
-- the versions before and after. Kept for the record; nothing reads them to serve recommendations.
-- Plain SQL for PostgreSQL 15 and H2 2.x.

CREATE TABLE deployment (
    id             BIGINT        NOT NULL PRIMARY KEY,  -- 1, 2, 3, ... in the order they went live
    author         VARCHAR(200)  NOT NULL,
    deployed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    message        VARCHAR(2000),
    before_rules   VARCHAR(100)  NOT NULL,
    before_journey VARCHAR(100)  NOT NULL,
    before_account VARCHAR(100)  NOT NULL,
    before_catalog VARCHAR(100)  NOT NULL,
    after_rules    VARCHAR(100)  NOT NULL,
    after_journey  VARCHAR(100)  NOT NULL,
    after_account  VARCHAR(100)  NOT NULL,
    after_catalog  VARCHAR(100)  NOT NULL
);

-- the files of a deployment in the order they were sent; a hash is null for a file created or deleted
CREATE TABLE deployment_file (
    deployment_id  BIGINT        NOT NULL REFERENCES deployment (id),
    file_no        INTEGER       NOT NULL,
    root           VARCHAR(20)   NOT NULL,
    path           VARCHAR(300)  NOT NULL,
    sha256_before  VARCHAR(64),
    sha256_after   VARCHAR(64),
    PRIMARY KEY (deployment_id, file_no)
);
