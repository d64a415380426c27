-- term_stats counts the indexed articles too, under the empty term (no
-- analyzed term is empty): counting the articles on each analysis read
-- the whole table.
-- +goose Up
INSERT INTO term_stats (term, df) SELECT '', count(*) FROM article_terms;

-- +goose Down
DELETE FROM term_stats WHERE term = '';
