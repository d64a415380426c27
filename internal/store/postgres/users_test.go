package postgres_test

import (
	"testing"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// The newsroom tables (issue 3) pass the same conformance cases on both
// dialects.
func TestNewsroomConformance(t *testing.T) {
	storetest.RunNewsroom(t, storetest.Dialects["postgres"])
}

var _ store.Newsroom = (*postgres.Store)(nil)
