-- Old URLs of imported sites (WordPress permalinks such as /?p=12 or
-- /2024/05/03/slug/) that answer 301 to the Kiosque article, and the
-- syndication sources with the items already taken from them, so a poll
-- never imports the same story twice.
-- +goose Up
CREATE TABLE redirects (
    path       TEXT    NOT NULL PRIMARY KEY,
    article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    target     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX redirects_by_article ON redirects (article_id);

CREATE TABLE feed_sources (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL,
    url            TEXT    NOT NULL UNIQUE,
    publish        INTEGER NOT NULL DEFAULT 0,
    translate_from TEXT    NOT NULL DEFAULT '',
    lang           TEXT    NOT NULL DEFAULT 'fr',
    interval_s     INTEGER NOT NULL DEFAULT 900,
    enabled        INTEGER NOT NULL DEFAULT 1,
    etag           TEXT    NOT NULL DEFAULT '',
    last_modified  TEXT    NOT NULL DEFAULT '',
    polled_at      INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);

CREATE TABLE feed_items (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER REFERENCES feed_sources (id) ON DELETE SET NULL,
    guid        TEXT    NOT NULL,
    url         TEXT    NOT NULL DEFAULT '',
    fingerprint INTEGER NOT NULL DEFAULT 0,
    article_id  INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    seen_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX feed_items_by_guid ON feed_items (guid);
CREATE INDEX feed_items_by_url ON feed_items (url);
CREATE INDEX feed_items_by_seen ON feed_items (seen_at DESC);

-- +goose Down
DROP TABLE feed_items;
DROP TABLE feed_sources;
DROP TABLE redirects;
