package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/api"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

const key = "k-test-123"

type apiClient struct {
	t   testing.TB
	srv *httptest.Server
}

func newAPI(t testing.TB) (*apiClient, *storetest.Clock) {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	st := storetest.OpenSQLite(t, clock.Now)
	analyzing := &related.AnalyzingStore{Store: st, Engine: &related.Engine{Store: st, Now: clock.Now}}
	h := api.New(api.Options{Store: analyzing, Now: clock.Now, Lang: "fr",
		Authenticate: func(_ context.Context, tok string) error {
			if tok != key {
				return errors.New("bad key")
			}
			return nil
		}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &apiClient{t, srv}, clock
}

// do sends a request and decodes the JSON answer into a map.
func (c *apiClient) do(method, path, body string, auth bool) (int, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		c.t.Fatalf("%s %s: content type %q, body %s", method, path, ct, raw)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		c.t.Fatalf("%s %s: not JSON: %s", method, path, raw)
	}
	return resp.StatusCode, m
}

func (c *apiClient) create(title, body, extra string) map[string]any {
	c.t.Helper()
	status, m := c.do("POST", "/api/v1/articles", `{"title":`+jsonString(title)+`,"body":`+jsonString(body)+`,"lang":"fr","status":"published"`+extra+`}`, true)
	if status != http.StatusCreated {
		c.t.Fatalf("create %q: %d %v", title, status, m)
	}
	return m
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestWritesAndErrors(t *testing.T) {
	c, _ := newAPI(t)
	for _, tc := range []struct {
		name, method, path, body string
		auth                     bool
		want                     int
	}{
		{"write without key", "POST", "/api/v1/articles", `{"title":"x"}`, false, 401},
		{"bad JSON", "POST", "/api/v1/articles", `{"title":`, true, 400},
		{"unknown field", "POST", "/api/v1/articles", `{"titre":"x"}`, true, 400},
		{"missing title", "POST", "/api/v1/articles", `{"body":"x"}`, true, 422},
		{"bad status", "POST", "/api/v1/articles", `{"title":"x","status":"gone"}`, true, 422},
		{"bad date", "POST", "/api/v1/articles", `{"title":"x","published":"hier"}`, true, 400},
		{"unknown category", "POST", "/api/v1/articles", `{"title":"x","category":"nulle-part"}`, true, 422},
		{"unknown article", "GET", "/api/v1/articles/999", "", false, 404},
		{"unknown route", "GET", "/api/v1/nothing", "", false, 404},
		{"wrong method", "DELETE", "/api/v1/articles", "", true, 405},
		{"limit too big", "GET", "/api/v1/articles?limit=101", "", false, 400},
		{"bad cursor", "GET", "/api/v1/articles?cursor=bm9wZQ", "", false, 400},
		{"n zero", "GET", "/api/v1/articles/1/related?n=0", "", false, 400},
		{"bad search date", "GET", "/api/v1/search?q=x&from=demain", "", false, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, m := c.do(tc.method, tc.path, tc.body, tc.auth)
			if status != tc.want || m["error"] == "" || m["error"] == nil {
				t.Errorf("got %d %v, want %d with an error message", status, m, tc.want)
			}
		})
	}

	a := c.create("Blinken à Astana", "Un paragraphe.", `,"external_id":"ext-1","tags":["Asie"]`)
	if a["id"] == nil || a["slug"] != "blinken-a-astana" || a["url"] != "/blinken-a-astana/" || a["status"] != "published" || a["external_id"] != "ext-1" {
		t.Errorf("created %v", a)
	}
	if status, _ := c.do("POST", "/api/v1/articles", `{"title":"Autre","external_id":"ext-1"}`, true); status != 409 {
		t.Errorf("taken external id: %d, want 409", status)
	}
	for _, path := range []string{"/api/v1/articles/ext-1", "/api/v1/articles/" + num(a["id"])} {
		if status, m := c.do("GET", path, "", false); status != 200 || m["title"] != "Blinken à Astana" || m["body"] != "Un paragraphe." {
			t.Errorf("GET %s: %d %v", path, status, m)
		}
	}
	status, m := c.do("PATCH", "/api/v1/articles/ext-1", `{"title":"Blinken quitte Astana"}`, true)
	if status != 200 || m["title"] != "Blinken quitte Astana" || m["body"] != "Un paragraphe." {
		t.Errorf("PATCH: %d %v", status, m)
	}
	if status, _ := c.do("PUT", "/api/v1/articles/ext-1", `{"body":"sans titre"}`, true); status != 422 {
		t.Errorf("PUT without title: %d, want 422", status)
	}
	if status, _ := c.do("PATCH", "/api/v1/articles/ext-1", `{"title":"x"}`, false); status != 401 {
		t.Errorf("PATCH without key: %d, want 401", status)
	}
	// Drafts are hidden from readers without a key.
	status, m = c.do("POST", "/api/v1/articles", `{"title":"Brouillon"}`, true)
	if status != 201 || m["status"] != "draft" {
		t.Fatalf("draft: %d %v", status, m)
	}
	if status, _ := c.do("GET", "/api/v1/articles/"+num(m["id"]), "", false); status != 404 {
		t.Errorf("draft visible without key: %d", status)
	}
	if status, _ := c.do("GET", "/api/v1/articles/"+num(m["id"]), "", true); status != 200 {
		t.Errorf("draft with key: %d", status)
	}
}

func num(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestListCursor(t *testing.T) {
	c, clock := newAPI(t)
	for i := 0; i < 5; i++ {
		c.create("Article "+string(rune('A'+i)), "x", `,"published":"`+clock.Now().Add(-time.Duration(5-i)*time.Hour).Format(time.RFC3339)+`"`)
	}
	var titles []string
	path := "/api/v1/articles?limit=2"
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("cursor loops")
		}
		status, m := c.do("GET", path, "", false)
		if status != 200 {
			t.Fatalf("%s: %d %v", path, status, m)
		}
		for _, a := range m["articles"].([]any) {
			titles = append(titles, a.(map[string]any)["title"].(string))
		}
		next := m["next"].(string)
		if next == "" {
			break
		}
		path = "/api/v1/articles?limit=2&cursor=" + url.QueryEscape(next)
	}
	if strings.Join(titles, ",") != "Article E,Article D,Article C,Article B,Article A" {
		t.Errorf("pages gave %q", titles)
	}
}

func TestRelatedAndSearch(t *testing.T) {
	c, _ := newAPI(t)
	a := c.create("Antony Blinken en visite à Astana", "Antony Blinken rencontre les dirigeants d'Asie centrale à Astana.", "")
	c.create("À Astana, Antony Blinken courtise l'Asie centrale", "Antony Blinken poursuit sa tournée en Asie centrale et rencontre les dirigeants.", `,"external_id":"b"`)
	c.create("Le PSG bat Marseille", "Le Paris Saint-Germain a battu l'Olympique de Marseille au Parc des Princes.", "")
	status, m := c.do("GET", "/api/v1/articles/"+num(a["id"])+"/related?n=3", "", false)
	if status != 200 {
		t.Fatalf("related: %d %v", status, m)
	}
	list := m["articles"].([]any)
	if len(list) == 0 || list[0].(map[string]any)["external_id"] != "b" || list[0].(map[string]any)["score"] == nil {
		t.Errorf("related = %v", list)
	}

	status, m = c.do("GET", "/api/v1/search?q="+url.QueryEscape("asie centrale"), "", false)
	if status != 200 || m["total"].(float64) != 2 {
		t.Fatalf("search: %d %v", status, m)
	}
	if s := m["articles"].([]any)[0].(map[string]any)["snippet"].(string); !strings.Contains(s, "<mark>") {
		t.Errorf("snippet without highlight: %q", s)
	}
	for _, q := range []string{"", strings.Repeat("é", 10000), `"asie`, `asie" NEAR(a b) * : -x`, "\xff\xfe", "le la les"} {
		status, m := c.do("GET", "/api/v1/search?q="+url.QueryEscape(q), "", false)
		if status != 200 || m["articles"] == nil {
			t.Errorf("query %.20q: %d %v", q, status, m)
		}
	}
}
