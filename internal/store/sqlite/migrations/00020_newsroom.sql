-- The newsroom: login accounts, sessions and login failures (kept in the
-- database so several nodes share them), API keys (hashes only), the audit
-- log, article revisions (a JSON copy of the article as saved) and uploaded
-- images, whose bytes live here too so that every node serves them.
-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    author_id     INTEGER REFERENCES authors (id) ON DELETE SET NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE,
    prefix     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL DEFAULT 0,
    user_name TEXT    NOT NULL DEFAULT '',
    action    TEXT    NOT NULL,
    target    TEXT    NOT NULL DEFAULT '',
    detail    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);

CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL DEFAULT 0,
    user_name  TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    data       TEXT    NOT NULL
);
CREATE INDEX revisions_by_article ON revisions (article_id, id DESC);

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    mime       TEXT    NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    alt        TEXT    NOT NULL DEFAULT '',
    caption    TEXT    NOT NULL DEFAULT '',
    credit     TEXT    NOT NULL DEFAULT '',
    user_id    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE media_variants (
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    name     TEXT    NOT NULL,
    mime     TEXT    NOT NULL,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    data     BLOB    NOT NULL,
    PRIMARY KEY (media_id, name)
);

-- +goose Down
DROP TABLE media_variants;
DROP TABLE media;
DROP TABLE revisions;
DROP TABLE audit_log;
DROP TABLE api_keys;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
