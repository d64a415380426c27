package syndication

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// feedServer serves the fixture feeds on 127.0.0.1, with ETag support on
// /agency, a redirect loop, a hanging endpoint and a page that is not a
// feed. hits counts requests to /agency.
func feedServer(t testing.TB) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	agency, err := os.ReadFile("testdata/agency.rss")
	if err != nil {
		t.Fatal(err)
	}
	atom, err := os.ReadFile("testdata/local.atom")
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /agency", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(agency)
	})
	mux.HandleFunc("GET /local", func(w http.ResponseWriter, r *http.Request) { w.Write(atom) })
	mux.HandleFunc("GET /loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("GET /loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("GET /hang", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("GET /html", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html><body>Bonjour</body></html>")) })
	mux.HandleFunc("GET /gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { close(release); srv.Close() })
	return srv, &hits
}

// libreTranslate is a stand-in speaking LibreTranslate's API: it prefixes
// the text with "[fr] " and wants the key "k".
func libreTranslate(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]string
		if r.Method != http.MethodPost || r.URL.Path != "/translate" || json.NewDecoder(r.Body).Decode(&in) != nil {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if in["api_key"] != "k" {
			w.WriteHeader(http.StatusForbidden)
			json.NewEncoder(w).Encode(map[string]string{"error": "Invalid API key"})
			return
		}
		if in["source"] != "en" || in["target"] != "fr" || in["format"] != "html" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "unexpected languages"})
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"translatedText": "[fr] " + in["q"]})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newPuller(t testing.TB) (*Puller, interface {
	store.Store
	store.Syndication
}) {
	st := storetest.OpenSQLite(t, func() time.Time { return testNow })
	return &Puller{Store: st, Client: NewClient(), Now: func() time.Time { return testNow }}, st
}

func TestPullPublishAndDedup(t *testing.T) {
	srv, hits := feedServer(t)
	p, st := newPuller(t)
	ctx := context.Background()
	src := &store.FeedSource{Name: "North Wire", URL: srv.URL + "/agency", Publish: true, Lang: "en", Enabled: true}
	if err := st.SaveFeedSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	res, err := p.Pull(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	// Item 3 repeats item 1's GUID; item 4 is item 1 lightly edited.
	if res.New != 2 || res.Seen != 1 || res.NearDup != 1 || len(res.Problems) != 0 {
		t.Fatalf("first pull: %s %q", res.Line(), res.Problems)
	}
	list, _, err := st.ListArticles(ctx, store.ArticleFilter{VisibleAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("visible articles = %d, want 2", len(list))
	}
	var water *article.Article
	for i := range list {
		if strings.HasPrefix(list[i].Title, "Central Asian") {
			water = &list[i]
		}
	}
	if water == nil || water.Source.Name != "North Wire" || water.Source.URL != "https://wire.example/2026/11/26/water-calendar" ||
		water.Status != article.Published || !water.PublishedAt.Equal(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)) || water.Lang != "en" {
		t.Fatalf("article = %+v", water)
	}
	if html := markup.Render(water.Body); strings.Contains(html, "<script") || !strings.Contains(html, "upstream dams") {
		t.Errorf("body = %s", html)
	}
	if src.ETag != `"v1"` || !src.PolledAt.Equal(testNow) || src.LastError != "" {
		t.Errorf("source state = %+v", src)
	}

	// Second pull: the server answers 304 to the ETag; nothing new.
	res, err = p.Pull(ctx, src)
	if err != nil || !res.NotModified || hits.Load() != 2 {
		t.Fatalf("second pull: %+v, %v (hits %d)", res, err, hits.Load())
	}
	// Without the validator, everything is seen already.
	src.ETag = ""
	if res, err = p.Pull(ctx, src); err != nil || res.New != 0 || res.Seen != 4 {
		t.Fatalf("third pull: %s, %v", res.Line(), err)
	}
}

func TestPullDraftAtom(t *testing.T) {
	srv, _ := feedServer(t)
	p, st := newPuller(t)
	ctx := context.Background()
	src := &store.FeedSource{Name: "Le Courrier des Steppes", URL: srv.URL + "/local", Enabled: true}
	if err := st.SaveFeedSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	res, err := p.Pull(ctx, src)
	if err != nil || res.New != 1 {
		t.Fatalf("pull: %+v, %v", res, err)
	}
	list, _, _ := st.ListArticles(ctx, store.ArticleFilter{Status: article.Draft})
	if len(list) != 1 || list[0].Title != "Astana : l’hiver arrive tôt" || list[0].Lang != "fr" || !list[0].PublishedAt.IsZero() {
		t.Fatalf("drafts = %+v", list)
	}
	if !strings.Contains(list[0].Body, "<p>Les premières neiges") || list[0].Lead != "Les premières neiges sont tombées avec deux semaines d'avance." {
		t.Errorf("body %q lead %q", list[0].Body, list[0].Lead)
	}
}

func TestPullTranslate(t *testing.T) {
	srv, _ := feedServer(t)
	lt := libreTranslate(t)
	ctx := context.Background()
	cases := []struct {
		name    string
		tr      Translator
		wantNew int
		wantErr string
	}{
		{"no provider: visibly off", nil, 0, "machine translation is off"},
		{"wrong key", &LibreTranslate{URL: lt.URL, Key: "nope"}, 0, ""},
		{"translated into drafts", TranslatorFromSettings(map[string]string{SettingTranslateURL: lt.URL + "/", SettingTranslateKey: "k"}, nil), 2, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, st := newPuller(t)
			p.Translator = c.tr
			src := &store.FeedSource{Name: "North Wire", URL: srv.URL + "/agency", Publish: true, TranslateFrom: "en", Lang: "fr", Enabled: true}
			if err := st.SaveFeedSource(ctx, src); err != nil {
				t.Fatal(err)
			}
			res, err := p.Pull(ctx, src)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.Is(err, ErrNoTranslator) || !strings.Contains(src.LastError, c.wantErr) {
					t.Fatalf("err = %v, source error %q", err, src.LastError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.New != c.wantNew {
				t.Fatalf("pull: %s %q", res.Line(), res.Problems)
			}
			if c.wantNew == 0 {
				if len(res.Problems) == 0 || !strings.Contains(res.Problems[0], "Invalid API key") || src.LastError == "" {
					t.Errorf("problems = %q, last error %q", res.Problems, src.LastError)
				}
				return
			}
			list, _, _ := st.ListArticles(ctx, store.ArticleFilter{})
			for _, a := range list {
				if a.Status != article.Draft || a.Source.TranslatedFrom != "en" || a.Lang != "fr" || !strings.HasPrefix(a.Title, "[fr] ") || !strings.HasPrefix(a.Body, "[fr] ") {
					t.Errorf("translated article = %+v", a)
				}
			}
		})
	}
}

func TestPullBadSources(t *testing.T) {
	srv, _ := feedServer(t)
	ctx := context.Background()
	cases := []struct{ path, want string }{
		{"/loop/a", "redirect"},
		{"/hang", "Client.Timeout"},
		{"/html", "not a feed"},
		{"/gone", "HTTP 410"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			p, st := newPuller(t)
			p.Client.Timeout = 300 * time.Millisecond
			src := &store.FeedSource{Name: "X", URL: srv.URL + c.path, Enabled: true}
			if err := st.SaveFeedSource(ctx, src); err != nil {
				t.Fatal(err)
			}
			_, err := p.Pull(ctx, src)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			got, _ := st.FeedSource(ctx, src.ID)
			if got.LastError == "" || !got.PolledAt.Equal(testNow) {
				t.Errorf("source after failure = %+v", got)
			}
		})
	}
}

func TestPollerDue(t *testing.T) {
	srv, hits := feedServer(t)
	p, st := newPuller(t)
	ctx := context.Background()
	clock := testNow
	p.Now = func() time.Time { return clock }
	for _, s := range []*store.FeedSource{
		{Name: "A", URL: srv.URL + "/agency", Enabled: true, Interval: 10 * time.Minute},
		{Name: "B", URL: srv.URL + "/local", Enabled: false},
	} {
		if err := st.SaveFeedSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	pl := &Poller{Puller: p}
	for _, step := range []struct {
		advance time.Duration
		want    int
	}{{0, 1}, {5 * time.Minute, 0}, {5 * time.Minute, 1}} {
		clock = clock.Add(step.advance)
		n, err := pl.PollDue(ctx)
		if err != nil || n != step.want {
			t.Fatalf("after %v: pulled %d, %v; want %d", step.advance, n, err, step.want)
		}
	}
	if hits.Load() != 2 {
		t.Errorf("hits = %d", hits.Load())
	}
}

func TestFingerprint(t *testing.T) {
	rest := " The calendar, drafted by engineers from each country over the summer, sets the weeks when reservoirs may be drawn down and obliges every government to share river gauge readings daily. Farmers downstream have complained for years that sudden releases flood their fields in winter and leave them dry in July. Diplomats called the step modest but overdue, and said a review would follow each spring."
	a := "Foreign ministers from five Central Asian countries agreed on Wednesday to publish a shared calendar for releasing water from upstream dams." + rest
	b := "Foreign ministers from five Central Asian countries agreed on Wednesday to publish a common calendar for releasing water from upstream dams." + rest
	c := "Container traffic on the trans-Caspian route rose by about a quarter over two years, operators said on Thursday."
	if !NearDuplicate(Fingerprint(b), []uint64{Fingerprint(a)}) {
		t.Error("one word changed: not a near duplicate")
	}
	if NearDuplicate(Fingerprint(c), []uint64{Fingerprint(a)}) {
		t.Error("different stories matched")
	}
	if Fingerprint("trop court") != 0 || NearDuplicate(0, []uint64{0}) {
		t.Error("short texts must not match")
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/agency.rss", "testdata/local.atom"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><title>t</title><link>l</link></item></rdf:RDF>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		feed, err := Parse(strings.NewReader(string(in)))
		if err != nil {
			return
		}
		if len(feed.Entries) > maxEntries {
			t.Fatalf("%d entries", len(feed.Entries))
		}
		for _, e := range feed.Entries {
			if e.Title == "" || e.GUID == "" {
				t.Fatalf("entry without title or id: %+v", e)
			}
		}
	})
}
