package web

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var (
	updateGolden = flag.Bool("update-golden", false, "rewrite testdata/pages.sha256 from the pages rendered now")
	dumpPages    = flag.String("dump-pages", "", "write every page TestPagesUnchanged renders to this directory, to diff two versions")
)

// goldenFile lists the SHA-256 of every page TestPagesUnchanged renders.
const goldenFile = "testdata/pages.sha256"

// TestPagesUnchanged renders every page of the demo site (articles with
// their "Lire aussi" boxes chosen by the related engine as serve wires it,
// a commented article, home, listings) and of the test fixture, and
// compares each page's bytes with the hashes in testdata/pages.sha256: a
// speed-up of rendering must not change one byte of what readers get.
// After an intended change of the pages, run
//
//	go test ./internal/web -run TestPagesUnchanged -update-golden
//
// and to see what changed, render both versions with -dump-pages DIR and
// diff the directories.
func TestPagesUnchanged(t *testing.T) {
	got := map[string]string{}
	record := func(name string, h http.Handler, path string) {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d", path, w.Code)
		}
		sum := sha256.Sum256(w.Body.Bytes())
		got[name] = hex.EncodeToString(sum[:])
		if *dumpPages != "" {
			file := filepath.Join(*dumpPages, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(name)+".html")
			if err := os.MkdirAll(*dumpPages, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, w.Body.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// The demo site, with the related engine choosing "Lire aussi".
	ctx := context.Background()
	now := fixtureNow
	st := storetest.OpenSQLite(t, func() time.Time { return now })
	if _, err := demo.Load(ctx, st, now); err != nil {
		t.Fatal(err)
	}
	engine := &related.Engine{Store: st, Now: func() time.Time { return now }}
	if err := engine.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	list, _, err := st.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: 1000, NoTotal: true, NoLinks: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 10 {
		t.Fatalf("%d demo articles", len(list))
	}
	for i := range 3 { // a thread of comments on the first article
		c := &comment.Comment{ArticleID: list[0].ID, AuthorName: "Lecteur " + strconv.Itoa(i), AuthorEmail: "l@example.org",
			Text:  "Commentaire " + strconv.Itoa(i) + " avec un lien https://example.org/ et <b>deux</b> paragraphes.\n\nFin.",
			State: comment.Approved}
		if i == 2 {
			c.ParentID, c.Depth = 1, 1
		}
		if _, err := st.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	h, err := New(Options{Store: st, Messages: i18n.MustNew(), Now: func() time.Time { return now }, ReadAlso: engine})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		record("demo/"+a.Slug, h, "/"+a.Slug+"/")
	}
	record("demo/home", h, "/")
	record("demo/page2", h, "/?page=2")
	if a := list[0]; a.Category != nil {
		record("demo/category", h, "/category/"+a.Category.Slug+"/")
	}

	// The fixture: in-article ads and three boxes in one article.
	f := newFixture(t)
	record("fixture/"+f.main, f.h, "/"+f.main+"/")
	record("fixture/home", f.h, "/")
	record("fixture/category", f.h, "/category/monde/")

	if *updateGolden {
		var b strings.Builder
		for _, name := range slices.Sorted(maps.Keys(got)) {
			fmt.Fprintf(&b, "%s  %s\n", got[name], name)
		}
		if err := os.WriteFile(goldenFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readGolden(t)
	for name, sum := range got {
		if want[name] == "" {
			t.Errorf("%s: not in %s (run with -update-golden if the page is new)", name, goldenFile)
		} else if want[name] != sum {
			t.Errorf("%s: the page changed (see the test's comment for how to diff it)", name)
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("%s: in %s but no longer rendered", name, goldenFile)
		}
	}
}

func readGolden(t *testing.T) map[string]string {
	t.Helper()
	fh, err := os.Open(goldenFile)
	if err != nil {
		t.Fatalf("%v (run with -update-golden to create it)", err)
	}
	defer fh.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if ok {
			out[name] = sum
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
