-- Articles, their taxonomy and the site settings. Times are UTC unix
-- milliseconds (0 = unset) in both dialects, so shared Go code reads them
-- the same way.
-- +goose Up
CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT    NOT NULL UNIQUE,
    name TEXT    NOT NULL
);

CREATE TABLE authors (
    id    INTEGER PRIMARY KEY,
    slug  TEXT    NOT NULL UNIQUE,
    name  TEXT    NOT NULL,
    bio   TEXT    NOT NULL DEFAULT '',
    photo TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE articles (
    id                     INTEGER PRIMARY KEY,
    external_id            TEXT    UNIQUE,
    slug                   TEXT    NOT NULL UNIQUE,
    title                  TEXT    NOT NULL,
    lead                   TEXT    NOT NULL DEFAULT '',
    body                   TEXT    NOT NULL DEFAULT '',
    lang                   TEXT    NOT NULL,
    status                 TEXT    NOT NULL,
    published_at           INTEGER NOT NULL DEFAULT 0,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    category_id            INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    image_url              TEXT    NOT NULL DEFAULT '',
    image_alt              TEXT    NOT NULL DEFAULT '',
    image_caption          TEXT    NOT NULL DEFAULT '',
    image_credit           TEXT    NOT NULL DEFAULT '',
    image_width            INTEGER NOT NULL DEFAULT 0,
    image_height           INTEGER NOT NULL DEFAULT 0,
    source_name            TEXT    NOT NULL DEFAULT '',
    source_url             TEXT    NOT NULL DEFAULT '',
    source_translated_from TEXT    NOT NULL DEFAULT '',
    translation_group      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_by_status_date ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_by_date ON articles (published_at DESC, id DESC);
CREATE INDEX articles_by_category ON articles (category_id, published_at DESC);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);

CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE article_authors;
DROP TABLE article_tags;
DROP TABLE articles;
DROP TABLE authors;
DROP TABLE tags;
DROP TABLE categories;
