package sqlite_test

import (
	"testing"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// The newsroom tables (issue 3) pass the same conformance cases on both
// dialects.
func TestNewsroomConformance(t *testing.T) {
	storetest.RunNewsroom(t, storetest.Dialects["sqlite"])
}

var _ store.Newsroom = (*sqlite.Store)(nil)
