package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
)

const testKey = "k1t3st4p1k3y"

func newAkismet(t testing.TB) (http.Handler, *spam.Classifier) {
	t.Helper()
	c, err := spam.New(spam.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := NewAkismet(AkismetOptions{
		Classifier: c,
		Authenticate: func(_ context.Context, key string) error {
			if key == downKey {
				return fmt.Errorf("admin: check api key: %w", store.ErrUnavailable)
			}
			if key != testKey {
				return errors.New("unknown key")
			}
			return nil
		},
		Limit: 1000,
		Now:   func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) },
	})
	return h, c
}

// downKey is a key the checker cannot check: the database is away.
const downKey = "database-down"

// While the keys cannot be checked, calls answer 503 with Retry-After,
// never "invalid" (a client told its key is invalid may disable itself).
func TestAkismetDatabaseDown(t *testing.T) {
	h, _ := newAkismet(t)
	for _, path := range []string{"/1.1/verify-key", "/1.1/comment-check"} {
		rec := post(t, h, "kiosque.example", path, comment("api_key", downKey))
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || strings.Contains(rec.Body.String(), "invalid") {
			t.Errorf("%s with the database down: %d %q, Retry-After %q", path, rec.Code, rec.Body.String(), rec.Header().Get("Retry-After"))
		}
	}
}

// post sends a form the way Akismet clients do.
func post(t testing.TB, h http.Handler, host, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://"+host+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "WordPress/6.7 | Akismet/5.3")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// comment returns the fields WordPress sends for an ordinary comment.
func comment(extra ...string) url.Values {
	v := url.Values{
		"api_key":              {testKey},
		"blog":                 {"https://nouvelles.example/"},
		"user_ip":              {"203.0.113.9"},
		"user_agent":           {"Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0"},
		"referrer":             {"https://nouvelles.example/astana/"},
		"permalink":            {"https://nouvelles.example/astana/"},
		"comment_type":         {"comment"},
		"comment_author":       {"Claire"},
		"comment_author_email": {"claire@example.org"},
		"comment_content":      {"Merci pour cet article très clair. Je me demande ce que la France pourra négocier."},
		"blog_lang":            {"fr"},
		"blog_charset":         {"UTF-8"},
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			v.Del(extra[i])
		} else {
			v.Set(extra[i], extra[i+1])
		}
	}
	return v
}

func TestAkismetVerifyKey(t *testing.T) {
	h, _ := newAkismet(t)
	cases := []struct {
		name, host string
		form       url.Values
		want       string
		wantHelp   bool
	}{
		{"valid api_key", "kiosque.example", url.Values{"api_key": {testKey}, "blog": {"https://nouvelles.example/"}}, "valid", false},
		{"legacy key parameter", "kiosque.example", url.Values{"key": {testKey}, "blog": {"https://nouvelles.example/"}}, "valid", false},
		{"unknown key", "kiosque.example", url.Values{"api_key": {"nope"}, "blog": {"https://nouvelles.example/"}}, "invalid", true},
		{"no key", "kiosque.example", url.Values{"blog": {"https://nouvelles.example/"}}, "invalid", true},
		{"no blog", "kiosque.example", url.Values{"api_key": {testKey}}, "invalid", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := post(t, h, tc.host, "/1.1/verify-key", tc.form)
			if rec.Code != http.StatusOK || rec.Body.String() != tc.want {
				t.Fatalf("got %d %q, want 200 %q", rec.Code, rec.Body.String(), tc.want)
			}
			if got := rec.Header().Get("X-akismet-debug-help") != ""; got != tc.wantHelp {
				t.Errorf("got debug help %q, want present=%v", rec.Header().Get("X-akismet-debug-help"), tc.wantHelp)
			}
		})
	}
}

func TestAkismetCommentCheck(t *testing.T) {
	cases := []struct {
		name, host  string
		form        url.Values
		want        string
		wantDiscard bool
	}{
		{"an ordinary French comment", "kiosque.example", comment(), "false", false},
		{"test author viagra-test-123", "kiosque.example", comment("comment_author", "viagra-test-123", "is_test", "1"), "true", false},
		{"test e-mail", "kiosque.example", comment("comment_author_email", "akismet-guaranteed-spam@example.com", "is_test", "1"), "true", false},
		{"administrator is never spam", "kiosque.example", comment("user_role", "administrator", "comment_content", "Check out my channel and subscribe!!! http://adf.ly/x", "is_test", "1"), "false", false},
		{"channel promotion", "kiosque.example", comment("comment_content", "Hey guys check out my new channel and please subscribe!!! http://youtube.com/mychannel"), "true", false},
		{"honeypot filled", "kiosque.example", comment("honeypot_field_name", "hp_url", "hp_url", "http://bot.example"), "true", true},
		{"posted by a script, ordinary text", "kiosque.example", comment("user_agent", "curl/8.5.0"), "false", false},
		{"listed domain", "kiosque.example", comment("comment_author_url", "http://adf.ly/abc"), "true", true},
		{"key in the subdomain", testKey + ".akismet.kiosque.example", comment("api_key", ""), "false", false},
		{"unknown key", "kiosque.example", comment("api_key", "nope"), "invalid", false},
		{"no key", "kiosque.example", comment("api_key", ""), "invalid", false},
		{"no blog", "kiosque.example", comment("blog", ""), "invalid", false},
		{"no user_ip", "kiosque.example", comment("user_ip", ""), "invalid", false},
		{"latin-1 charset", "kiosque.example", comment("blog_charset", "ISO-8859-1", "comment_content", "Tr\xe8s bon article, merci."), "false", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newAkismet(t)
			rec := post(t, h, tc.host, "/1.1/comment-check", tc.form)
			if rec.Code != http.StatusOK || rec.Body.String() != tc.want {
				t.Fatalf("got %d %q (help %q), want 200 %q", rec.Code, rec.Body.String(), rec.Header().Get("X-akismet-debug-help"), tc.want)
			}
			if got := rec.Header().Get("X-akismet-pro-tip") == "discard"; got != tc.wantDiscard {
				t.Errorf("got pro-tip %q, want discard=%v", rec.Header().Get("X-akismet-pro-tip"), tc.wantDiscard)
			}
			if tc.want == "invalid" {
				if rec.Header().Get("X-akismet-debug-help") == "" {
					t.Error("invalid answer without X-akismet-debug-help")
				}
				return
			}
			if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(rec.Header().Get("X-akismet-guid")) {
				t.Errorf("got X-akismet-guid %q, want a UUID", rec.Header().Get("X-akismet-guid"))
			}
		})
	}
}

func TestAkismetSubmit(t *testing.T) {
	h, c := newAkismet(t)
	scam := "Placement bitcoin Cryptorama, rendement garanti chaque semaine, inscrivez-vous"
	before := c.CheckText(spam.Comment{Content: scam}).Score

	// Test calls never train.
	for _, form := range []url.Values{
		comment("comment_content", scam, "is_test", "1"),
		comment("comment_content", scam, "comment_author", "viagra-test-123"),
	} {
		rec := post(t, h, "kiosque.example", "/1.1/submit-spam", form)
		if rec.Body.String() != "Thanks for making the web a better place." {
			t.Fatalf("got %q", rec.Body.String())
		}
	}
	if c.Learned() != 0 {
		t.Fatalf("test calls trained the filter: %d learned", c.Learned())
	}

	for range 3 {
		post(t, h, "kiosque.example", "/1.1/submit-spam", comment("comment_content", scam))
	}
	rec := post(t, h, "kiosque.example", "/1.1/submit-ham", comment())
	if rec.Code != http.StatusOK || rec.Body.String() != "Thanks for making the web a better place." {
		t.Fatalf("submit-ham: got %d %q", rec.Code, rec.Body.String())
	}
	if got := c.Learned(); got != 4 {
		t.Fatalf("got %d learned, want 4", got)
	}
	if after := c.CheckText(spam.Comment{Content: scam}).Score; after <= before {
		t.Errorf("submit-spam did not raise the score: %.2f then %.2f", before, after)
	}
	if rec := post(t, h, "kiosque.example", "/1.1/submit-spam", comment("api_key", "nope")); rec.Body.String() != "invalid" {
		t.Errorf("unknown key: got %q, want invalid", rec.Body.String())
	}
}

func TestAkismetUsageLimit(t *testing.T) {
	h, _ := newAkismet(t)
	for range 3 {
		post(t, h, "kiosque.example", "/1.1/comment-check", comment("is_test", "1"))
	}
	rec := post(t, h, "kiosque.example", "/1.2/usage-limit", url.Values{"api_key": {testKey}})
	var got struct {
		Limit      any    `json:"limit"`
		Usage      int    `json:"usage"`
		Percentage string `json:"percentage"`
		Throttled  bool   `json:"throttled"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v: %q", err, rec.Body.String())
	}
	if got.Limit != float64(1000) || got.Usage != 3 || got.Percentage != "0.30" || got.Throttled {
		t.Errorf("got %+v, want limit 1000, usage 3, percentage 0.30", got)
	}
	req := httptest.NewRequest(http.MethodGet, "/1.2/usage-limit?api_key="+testKey, nil)
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, req)
	if rr.Code != http.StatusOK || !strings.Contains(rr.Body.String(), `"usage":3`) {
		t.Errorf("GET: got %d %q", rr.Code, rr.Body.String())
	}
}

func TestAkismetMultipart(t *testing.T) {
	h, _ := newAkismet(t)
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	for k, v := range comment("comment_author", "viagra-test-123") {
		if err := mw.WriteField(k, v[0]); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/1.1/comment-check", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Body.String() != "true" {
		t.Errorf("got %q (help %q), want true", rec.Body.String(), rec.Header().Get("X-akismet-debug-help"))
	}
}

func TestAkismetWrongMethod(t *testing.T) {
	h, _ := newAkismet(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/1.1/comment-check", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET comment-check: got %d, want 405", rec.Code)
	}
}

func TestAkismetBodyTooLarge(t *testing.T) {
	h, _ := newAkismet(t)
	rec := post(t, h, "kiosque.example", "/1.1/comment-check", comment("comment_content", strings.Repeat("a", akismetMaxBody)))
	if rec.Body.String() != "invalid" || rec.Header().Get("X-akismet-debug-help") == "" {
		t.Errorf("got %q (help %q), want invalid with help", rec.Body.String(), rec.Header().Get("X-akismet-debug-help"))
	}
}

// FuzzAkismetForm posts arbitrary bodies and hosts to comment-check: the
// answer is always 200 with one of Akismet's bodies, and "invalid" always
// comes with a debug help header.
func FuzzAkismetForm(f *testing.F) {
	h, _ := newAkismet(f)
	f.Add(comment().Encode(), "kiosque.example")
	f.Add(comment("api_key", "", "blog_charset", "latin1", "comment_content", "\xe9t\xe9").Encode(), testKey+".a.example:8080")
	f.Add("api_key=%zz&&&=", "[::1]:80")
	f.Add(comment("honeypot_field_name", "comment_content").Encode(), "kiosque.example")
	f.Fuzz(func(t *testing.T, body, host string) {
		req := httptest.NewRequest(http.MethodPost, "/1.1/comment-check", strings.NewReader(body))
		req.Host = host
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch got := rec.Body.String(); {
		case rec.Code != http.StatusOK:
			t.Fatalf("got status %d", rec.Code)
		case got == "invalid" && rec.Header().Get("X-akismet-debug-help") == "":
			t.Fatal("invalid without debug help")
		case got != "true" && got != "false" && got != "invalid":
			t.Fatalf("got body %q", got)
		}
	})
}
