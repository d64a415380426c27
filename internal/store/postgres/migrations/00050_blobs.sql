-- Named binary state that is neither content nor a setting, such as the
-- spam filter's learned weights (hundreds of KB): kept apart from the
-- settings table, which is read in full on every page.
-- +goose Up
CREATE TABLE blobs (
    name       TEXT    NOT NULL PRIMARY KEY,
    data       BYTEA   NOT NULL,
    updated_at BIGINT  NOT NULL
);

-- +goose Down
DROP TABLE blobs;
