-- Search and related-article queries check, for each article they match,
-- that readers may see it. Those columns come after the body in articles,
-- so reading them means reading the body's overflow pages; this narrow
-- index holds them (queries name it with INDEXED BY).
-- +goose Up
CREATE INDEX articles_visibility ON articles (id, status, published_at, lang, category_id);

-- +goose Down
DROP INDEX articles_visibility;
