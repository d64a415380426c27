package sqlite_test

import (
	"testing"

	"github.com/kiosque/kiosque/internal/store/storetest"
)

func TestCommentConformance(t *testing.T) {
	storetest.RunComments(t, storetest.Dialects["sqlite"])
}
