-- A commenter may ask to be told by e-mail when someone replies
-- (the form's "notify me" box); off unless ticked.
-- +goose Up
ALTER TABLE comments ADD COLUMN notify_replies BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE comments DROP COLUMN notify_replies;
