-- Full-text search and related articles. The index holds the analyzer's
-- terms (package textan: stemmed, accents folded, stop words dropped), not
-- the raw text, so SQLite and PostgreSQL match exactly the same words. The
-- FTS5 table is contentless: the terms are kept once, in article_terms.
-- term_stats counts, for each term, the articles holding it (for related
-- articles' weights); article_signatures holds each article's weighted
-- most telling terms; related_articles the stored "read also" choices.
-- +goose Up
CREATE TABLE article_terms (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    lang       TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    names      TEXT    NOT NULL DEFAULT ''
);

CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- +goose StatementBegin
CREATE TRIGGER article_terms_delete AFTER DELETE ON article_terms BEGIN
    DELETE FROM article_fts WHERE rowid = old.article_id;
END;
-- +goose StatementEnd

CREATE TABLE term_stats (
    term TEXT    NOT NULL PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE article_signatures (
    term       TEXT    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    weight     REAL    NOT NULL,
    PRIMARY KEY (term, article_id)
) WITHOUT ROWID;
CREATE INDEX article_signatures_by_article ON article_signatures (article_id);

CREATE TABLE related_articles (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    score      REAL    NOT NULL,
    PRIMARY KEY (article_id, related_id)
);
CREATE INDEX related_articles_by_related ON related_articles (related_id);

-- +goose Down
DROP TABLE related_articles;
DROP TABLE article_signatures;
DROP TABLE term_stats;
DROP TRIGGER article_terms_delete;
DROP TABLE article_fts;
DROP TABLE article_terms;
