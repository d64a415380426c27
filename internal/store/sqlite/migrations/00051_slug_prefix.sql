-- No-op on SQLite: slug GLOB 'x*' uses the slug's unique index already.
-- (The PostgreSQL migration of the same version adds a pattern index.)
-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
