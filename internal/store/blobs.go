package store

import "context"

// Blobs keeps named binary state (the spam filter's learned weights).
type Blobs interface {
	// Blob returns the data stored under name, or ErrNotFound.
	Blob(ctx context.Context, name string) ([]byte, error)
	// SaveBlob stores data under name, replacing what was there.
	SaveBlob(ctx context.Context, name string, data []byte) error
}
