package postgres_test

import (
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var _ store.Store = (*postgres.Store)(nil)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Dialects["postgres"])
}

func TestSyndicationConformance(t *testing.T) {
	storetest.RunSyndication(t, storetest.Dialects["postgres"])
}

func TestSignatureMigration(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	st := storetest.OpenPostgres(t, func() time.Time { return now })
	storetest.SignatureMigration(t, st, st.W, goose.DialectPostgres, now)
}
