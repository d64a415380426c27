package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportExportWXRCommands drives `import wxr` twice (idempotent) and
// `export wxr`, whose output imports into a fresh database.
func TestImportExportWXRCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "a.db")
	sample := filepath.Join("..", "..", "internal", "wxr", "testdata", "sample.xml")
	var out, errOut bytes.Buffer
	if err := importWXRCmd(ctx, []string{sample, "--log-level", "warn"}, env(map[string]string{"KIOSQUE_DB": db}), &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "imported 5 articles (0 already there)") || !strings.Contains(out.String(), "skipped: 1 × private post") {
		t.Errorf("first import said:\n%s", out.String())
	}
	out.Reset()
	if err := importWXRCmd(ctx, []string{"--db", db, sample}, env(nil), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 0 articles (5 already there)") {
		t.Errorf("second import said:\n%s", out.String())
	}

	var xml bytes.Buffer
	if err := cmdExport(ctx, []string{"wxr", "--db", db}, env(nil), &xml, &errOut); err != nil {
		t.Fatal(err)
	}
	exported := filepath.Join(dir, "site.xml")
	if err := os.WriteFile(exported, xml.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := importWXRCmd(ctx, []string{"--db", "sqlite:" + filepath.Join(dir, "b.db"), exported}, env(nil), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 5 articles (0 already there)") || strings.Contains(out.String(), "problem:") {
		t.Errorf("import of the export said:\n%s", out.String())
	}

	for _, args := range [][]string{{}, {"a.xml", "b.xml"}, {"--nope", sample}} {
		if err := importWXRCmd(ctx, args, env(map[string]string{"KIOSQUE_DB": db}), &out, &errOut); !errors.Is(err, errUsage) {
			t.Errorf("import wxr %q: %v, want errUsage", args, err)
		}
	}
	if err := cmdExport(ctx, []string{"csv", "--db", db}, env(nil), &out, &errOut); !errors.Is(err, errUsage) {
		t.Errorf("export csv: %v, want errUsage", err)
	}
	if err := importWXRCmd(ctx, []string{filepath.Join(dir, "missing.xml")}, env(map[string]string{"KIOSQUE_DB": db}), &out, &errOut); err == nil || !strings.Contains(err.Error(), "missing.xml") {
		t.Errorf("missing file: %v", err)
	}
}

// TestImportThenServeOldURLs imports the sample through `kiosque import wxr`
// and serves it: the old WordPress addresses answer 301.
func TestImportThenServeOldURLs(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	sample := filepath.Join("..", "..", "internal", "wxr", "testdata", "sample.xml")
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "wxr", sample, "--db", db, "--log-level", "warn"}, env(nil), &out, io.Discard); err != nil {
		t.Fatalf("import: %v", err)
	}
	srv := startServe(t, "--db", db, "--log-level", "warn")
	base := srv.base
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{
		"?p=101":                                "/samarcande-routes-de-leau/",
		"2026/11/18/gaz-corridor-transcaspien/": "/gaz-corridor-transcaspien/",
		"?page_id=103":                          "/qui-sommes-nous/",
		"category/monde/asie/asie-centrale/":    "/category/asie-centrale/",
	} {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want {
			t.Errorf("GET /%s: %d to %q, want 301 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	resp, err := client.Get(base + "samarcande-routes-de-leau/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the imported article: %d", resp.StatusCode)
	}
	if err := srv.stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}
