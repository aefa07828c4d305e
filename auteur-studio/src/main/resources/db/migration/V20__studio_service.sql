-- The studio service (issue 8): API keys, browser sessions and generation jobs. Portable SQL: runs on H2 (the
-- default, a file under the Auteur home) and on PostgreSQL, which several nodes share. JobRunr keeps its own
-- tables (jobrunr_*) in the same database; these hold what the API reports.

-- Keys are shown once when made; only their SHA-256 is kept, so a copy of the database grants nothing.
CREATE TABLE api_keys (
    id                VARCHAR(36)              PRIMARY KEY,
    name              VARCHAR(200)             NOT NULL,
    role              VARCHAR(16)              NOT NULL CHECK (role IN ('admin', 'creator', 'viewer')),
    key_sha256        CHAR(64)                 NOT NULL UNIQUE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at        TIMESTAMP WITH TIME ZONE
);

-- A browser session: the cookie holds a random token of which only the SHA-256 is kept. The CSRF token is sent
-- back in a header by the page that logged in, which a cross-site form cannot do.
CREATE TABLE api_sessions (
    token_sha256      CHAR(64)                 PRIMARY KEY,
    api_key_id        VARCHAR(36)              NOT NULL REFERENCES api_keys (id),
    csrf_token        VARCHAR(64)              NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per generation. Progress (step of steps) is written on every sampling step, so any node can report it.
CREATE TABLE generations (
    id                VARCHAR(36)              PRIMARY KEY,
    prompt            VARCHAR(2000)            NOT NULL,
    mode              VARCHAR(16)              NOT NULL,
    status            VARCHAR(16)              NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    step              INTEGER                  NOT NULL,
    steps             INTEGER                  NOT NULL,
    error             VARCHAR(4000),
    -- How many times a worker started it: a retried job starts over, and gives up after a bounded number.
    attempts          INTEGER                  NOT NULL,
    -- The order's options and the SHA-256 of each uploaded input, as JSON.
    request_json      VARCHAR(16000)           NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE,
    result_sha256     CHAR(64),
    result_content_type VARCHAR(100),
    result_bytes      BIGINT,
    result_width      INTEGER,
    result_height     INTEGER,
    result_frames     INTEGER,
    api_key_id        VARCHAR(36)              REFERENCES api_keys (id)
);

CREATE INDEX generations_by_created ON generations (created_at);
CREATE INDEX generations_by_status ON generations (status);
