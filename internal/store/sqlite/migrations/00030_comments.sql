-- Readers' comments. parent_id becomes NULL when the parent is deleted (or
-- erased at its author's request): the reply stays, shown at the top level.
-- ip and user_agent are blanked after the retention period (privacy page).
-- +goose Up
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments (id) ON DELETE SET NULL,
    depth        INTEGER NOT NULL DEFAULT 0,
    author_name  TEXT    NOT NULL,
    author_email TEXT    NOT NULL,
    author_url   TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL,
    ip           TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT '',
    state        TEXT    NOT NULL,
    spam_score   REAL    NOT NULL DEFAULT 0,
    spam_reasons TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX comments_by_article ON comments (article_id, state, created_at);
CREATE INDEX comments_by_state ON comments (state, created_at DESC, id DESC);
CREATE INDEX comments_by_email ON comments (author_email);
CREATE INDEX comments_by_parent ON comments (parent_id);
CREATE INDEX comments_with_ip ON comments (created_at) WHERE ip <> '' OR user_agent <> '';

-- +goose Down
DROP TABLE comments;
