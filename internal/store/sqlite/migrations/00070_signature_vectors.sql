-- Each article's signature again, in one row: "term weight term weight …".
-- Related articles are found by the postings of a few of an article's
-- terms (article_signatures), then scored on their whole signatures, read
-- here in one lookup each rather than 150 rows each.
-- +goose Up
CREATE TABLE signature_vectors (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    terms      TEXT    NOT NULL
);

INSERT INTO signature_vectors (article_id, terms)
SELECT article_id, group_concat(term || ' ' || printf('%!.17g', weight), ' ')
  FROM article_signatures
 GROUP BY article_id;

-- +goose Down
DROP TABLE signature_vectors;
