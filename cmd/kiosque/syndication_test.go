package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportFeedCommand(t *testing.T) {
	feed, err := os.ReadFile(filepath.Join("..", "..", "internal", "syndication", "testdata", "agency.rss"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(feed) }))
	defer srv.Close()
	ctx := context.Background()
	e := env(map[string]string{"KIOSQUE_DB": "sqlite:" + filepath.Join(t.TempDir(), "k.db"), "KIOSQUE_LOG_LEVEL": "warn"})
	var out, errOut bytes.Buffer
	if err := importFeedCmd(ctx, []string{srv.URL, "--name", "North Wire", "--lang", "en"}, e, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "North Wire: 2 new articles, 1 already seen, 1 near-duplicates") {
		t.Errorf("first pull said %q", out.String())
	}
	out.Reset()
	if err := importFeedCmd(ctx, []string{srv.URL}, e, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "0 new articles, 4 already seen") {
		t.Errorf("second pull said %q", out.String())
	}
	// Translation without a provider is refused, loudly.
	out.Reset()
	err = importFeedCmd(ctx, []string{srv.URL, "--translate-from", "en", "--lang", "fr"}, e, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "machine translation is off") {
		t.Errorf("translate without provider: %v", err)
	}
	// With a provider saved from the command line, the items come in
	// translated, as drafts.
	lt := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in map[string]string
		_ = json.NewDecoder(r.Body).Decode(&in) // a bad body fails the test below
		json.NewEncoder(w).Encode(map[string]string{"translatedText": "[fr] " + in["q"]})
	}))
	defer lt.Close()
	out.Reset()
	fresh := env(map[string]string{"KIOSQUE_DB": "sqlite:" + filepath.Join(t.TempDir(), "k2.db"), "KIOSQUE_LOG_LEVEL": "warn", "KIOSQUE_TRANSLATE_KEY": "secret"})
	if err := importFeedCmd(ctx, []string{srv.URL, "--translate-from", "en", "--lang", "fr", "--translate-url", lt.URL}, fresh, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "North Wire: 2 new articles") {
		t.Errorf("translated pull said %q", out.String())
	}
}
