package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Dialects["sqlite"])
}

func TestIntegrityAndPragmas(t *testing.T) {
	s := storetest.OpenSQLite(t, time.Now)
	ctx := context.Background()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1"} {
		var got string
		if err := s.R.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
	var _ store.Store = s
}
