package main

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestMetricsEndpoint: /metrics counts the pages served, the fast path's
// cached answers included, and reports the page cache and the database
// pools, to a scraper on this machine.
func TestMetricsEndpoint(t *testing.T) {
	s := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "site.db"))
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(strings.TrimSuffix(s.base, "/") + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	for range 3 {
		get("/") // the first renders, the next come from the cache
	}
	body := get("/metrics")
	for _, want := range []string{
		`kiosque_http_requests_total{code="2xx",kind="page"} 3`,
		`kiosque_cache_hits_total 2`,
		`go_sql_max_open_connections{db_name="write"} 1`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
