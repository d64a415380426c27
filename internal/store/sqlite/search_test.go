package sqlite_test

import (
	"testing"

	"github.com/kiosque/kiosque/internal/store/storetest"
)

func TestSearchConformance(t *testing.T) {
	storetest.RunSearch(t, storetest.Dialects["sqlite"])
}
