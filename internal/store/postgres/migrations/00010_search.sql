-- Full-text search and related articles. The index holds the analyzer's
-- terms (package textan: stemmed, accents folded, stop words dropped), not
-- the raw text, so SQLite and PostgreSQL match exactly the same words. The
-- tsvector is written by Kiosque as a literal (terms with positions,
-- weight A for the title, B for the rest), never re-parsed by a text
-- search configuration, so no PostgreSQL dictionary changes a term.
-- term_stats counts, for each term, the articles holding it (for related
-- articles' weights); article_signatures holds each article's weighted
-- most telling terms; related_articles the stored "read also" choices.
-- +goose Up
CREATE TABLE article_terms (
    article_id BIGINT   PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    lang       TEXT     NOT NULL,
    title      TEXT     NOT NULL,
    body       TEXT     NOT NULL,
    names      TEXT     NOT NULL DEFAULT '',
    doc        tsvector NOT NULL
);
CREATE INDEX article_terms_doc ON article_terms USING GIN (doc);

CREATE TABLE term_stats (
    term TEXT   NOT NULL PRIMARY KEY,
    df   BIGINT NOT NULL
);

CREATE TABLE article_signatures (
    term       TEXT             NOT NULL,
    article_id BIGINT           NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    weight     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (term, article_id)
);
CREATE INDEX article_signatures_by_article ON article_signatures (article_id);

CREATE TABLE related_articles (
    article_id BIGINT           NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id BIGINT           NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    score      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, related_id)
);
CREATE INDEX related_articles_by_related ON related_articles (related_id);

-- +goose Down
DROP TABLE related_articles;
DROP TABLE article_signatures;
DROP TABLE term_stats;
DROP TABLE article_terms;
