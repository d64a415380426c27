package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/i18n"
)

// TestSiteMemoFollowsChanges: with Options.Events the settings and the
// navigation are kept in memory, and every settings or taxonomy change made
// through the notifying store shows on the next page.
func TestSiteMemoFollowsChanges(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	bus := &cluster.Local{}
	st := &cluster.NotifyingStore{Store: f.st, Bus: bus}
	h, err := New(Options{Store: st, Messages: i18n.MustNew(), Now: func() time.Time { return f.now }, Events: bus.Subscribe})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	title := func() string { return text(first(t, f.page(t, "/", 200), "title", "")) }
	nav := func() string { return text(first(t, f.page(t, "/"+f.main+"/", 200), "nav", "")) }
	if got := title(); !strings.Contains(got, "Nouvelles Du Monde") {
		t.Fatalf("title %q", got)
	}
	nav()

	// A change that bypasses the bus is not seen: the memo is in use.
	if err := f.st.SaveSettings(ctx, map[string]string{"site.name": "Sans Bus"}); err != nil {
		t.Fatal(err)
	}
	if got := title(); strings.Contains(got, "Sans Bus") {
		t.Fatalf("title %q: settings read again without a change event", got)
	}

	if err := st.SaveSettings(ctx, map[string]string{"site.name": "Le Monde Entier"}); err != nil {
		t.Fatal(err)
	}
	if got := title(); !strings.Contains(got, "Le Monde Entier") {
		t.Errorf("title %q after a settings change, want the new name", got)
	}
	if err := st.SaveCategory(ctx, &article.Category{Slug: "sciences", Name: "Sciences", Position: 9}); err != nil {
		t.Fatal(err)
	}
	if got := nav(); !strings.Contains(got, "Sciences") {
		t.Errorf("navigation %q after a new category, want Sciences", got)
	}
}
