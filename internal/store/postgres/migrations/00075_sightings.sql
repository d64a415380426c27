-- What the comment filter remembers for a while (form tokens spent, texts
-- posted, posts per address), kept in the database so that every node of
-- a site agrees: a token spent on one node is spent on all. Keys are
-- hashes (no address or text is stored here); rows older than a day are
-- deleted by a periodic job.
-- +goose Up
CREATE TABLE sightings (
    key TEXT   NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX sightings_by_key ON sightings (key, at);
CREATE INDEX sightings_by_time ON sightings (at);

-- +goose Down
DROP TABLE sightings;
