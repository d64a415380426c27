package security

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/api"
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/web"
)

// TestAPIAuthorization calls every write of the JSON API, and a read of a
// draft, as an outsider (no key, a forged one, a revoked one, another
// scheme, SQL): refused, and the draft stays hidden. Only the valid key
// writes. Every answer says nosniff, so a JSON body quoting a payload is
// never taken for a page.
func TestAPIAuthorization(t *testing.T) {
	s := newHostileSite(t, web.Options{})
	ctx := context.Background()
	valid, _, err := admin.CreateAPIKey(ctx, s.st, "rédaction", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	revoked, rk, err := admin.CreateAPIKey(ctx, s.st, "ancienne", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.RevokeAPIKey(ctx, rk.ID, now); err != nil {
		t.Fatal(err)
	}
	draft := &article.Article{Title: "Brouillon secret", Lang: "fr", Status: article.Draft}
	if err := s.st.CreateArticle(ctx, draft); err != nil {
		t.Fatal(err)
	}
	h := api.New(api.Options{Store: s.st, Authenticate: admin.APIKeyChecker(s.st), Now: func() time.Time { return now }})
	call := func(method, path, auth, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no X-Content-Type-Options: nosniff", method, path)
		}
		return w
	}
	outsiders := map[string]string{
		"anonymous": "", "forged key": "Bearer " + strings.Repeat("x", len(valid)), "revoked key": "Bearer " + revoked,
		"basic scheme": "Basic " + valid, "key in lower-case scheme": "bearer " + valid, "SQL": "Bearer ' OR 1=1 --",
		"key with a suffix": "Bearer " + valid + "x", "empty bearer": "Bearer ",
	}
	body := `{"title":"Intrusion","body":"x","lang":"fr","status":"published"}`
	writes := [][2]string{
		{http.MethodPost, "/api/v1/articles"},
		{http.MethodPut, fmt.Sprintf("/api/v1/articles/%d", draft.ID)},
		{http.MethodPatch, fmt.Sprintf("/api/v1/articles/%d", draft.ID)},
	}
	for name, auth := range outsiders {
		for _, wr := range writes {
			if w := call(wr[0], wr[1], auth, body); w.Code != http.StatusUnauthorized {
				t.Errorf("%s %s as %s: status %d, want 401", wr[0], wr[1], name, w.Code)
			}
		}
		if w := call(http.MethodGet, fmt.Sprintf("/api/v1/articles/%d", draft.ID), auth, ""); w.Code == http.StatusOK {
			t.Errorf("draft read as %s: status 200", name)
		}
		if w := call(http.MethodGet, "/api/v1/articles?status=draft", auth, ""); strings.Contains(w.Body.String(), "Brouillon secret") {
			t.Errorf("draft listed to %s", name)
		}
	}
	if a, err := s.st.Article(ctx, draft.ID); err != nil || a.Title != draft.Title || a.Status != article.Draft {
		t.Fatalf("the draft was changed by an outsider: %+v, %v", a, err)
	}
	if w := call(http.MethodGet, fmt.Sprintf("/api/v1/articles/%d", draft.ID), "Bearer "+valid, ""); w.Code != http.StatusOK {
		t.Errorf("draft read with the valid key: status %d", w.Code)
	}

	// Payloads written through the API are inert on the site and in JSON.
	for i, p := range Payloads {
		in := map[string]any{"title": p + fmt.Sprintf(" api %d", i), "lead": p, "body": p + "\n\n" + p, "lang": "fr",
			"status": "published", "published": now.Add(-time.Minute).Format(time.RFC3339), "tags": []string{p}, "category": fmt.Sprintf("rubrique-%d", i)}
		raw, _ := json.Marshal(in) // plain values
		w := call(http.MethodPost, "/api/v1/articles", "Bearer "+valid, string(raw))
		if w.Code != http.StatusCreated {
			t.Errorf("create with payload %d: status %d %s", i, w.Code, w.Body.String())
			continue
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("API answer of type %q", ct)
		}
		var out struct{ Slug string }
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || out.Slug == "" {
			t.Errorf("create answer %s: %v", w.Body.String(), err)
			continue
		}
		resp := get(t, s.h, "/"+out.Slug+"/")
		page, _ := io.ReadAll(resp.Body) // a recorder's body cannot fail
		if resp.StatusCode != http.StatusOK {
			t.Errorf("article from the API with payload %d: status %d", i, resp.StatusCode)
		}
		checkHTML(t, fmt.Sprintf("article from the API with payload %d", i), string(page))
	}
}

// TestSearchEchoesPayloads searches for every payload (and finds the
// planted articles): the query shown back in the page and the results
// stay inert.
func TestSearchEchoesPayloads(t *testing.T) {
	s := newHostileSite(t, web.Options{})
	for i, p := range append(Payloads, "\xff\xfe", "%", "_", "' OR 1=1 --", strings.Repeat("a ", 5000)) {
		resp := get(t, s.h, "/search?q="+url.QueryEscape(p))
		page, _ := io.ReadAll(resp.Body) // a recorder's body cannot fail
		if resp.StatusCode >= 500 {
			t.Errorf("search %d: status %d", i, resp.StatusCode)
		}
		checkHTML(t, fmt.Sprintf("search for payload %d", i), string(page))
		checkCSP(t, fmt.Sprintf("search for payload %d", i), resp.Header)
	}
}
