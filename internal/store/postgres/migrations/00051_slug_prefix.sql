-- New slugs are checked against existing ones by prefix (slug LIKE 'x%');
-- with a non-C collation only a text_pattern_ops index serves that.
-- +goose Up
CREATE INDEX articles_slug_prefix ON articles (slug text_pattern_ops);

-- +goose Down
DROP INDEX articles_slug_prefix;
