package postgres_test

import (
	"testing"

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
