package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportJSONLAndReindex drives `import jsonl` twice (idempotent) and
// `reindex`, through run as a user would.
func TestImportJSONLAndReindex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "a.db")
	file := filepath.Join(dir, "in.jsonl")
	lines := `{"id":"x1","lang":"fr","title":"Antony Blinken à Astana","body":"Antony Blinken rencontre les dirigeants d'Asie centrale."}
{"id":"x2","lang":"fr","title":"Blinken en Asie centrale","body":"La tournée d'Antony Blinken en Asie centrale continue à Tachkent."}
{"id":"x3","lang":"xx","title":"Mauvaise langue","body":"."}
`
	if err := os.WriteFile(file, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	e := env(map[string]string{"KIOSQUE_DB": db, "KIOSQUE_LOG_LEVEL": "warn"})
	if err := run(ctx, []string{"import", "jsonl", file}, e, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "imported 2 articles (0 already there)") || !strings.Contains(out.String(), "problem: line 3 (id x3)") {
		t.Errorf("first import said:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", "jsonl", file}, e, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 0 articles (2 already there)") {
		t.Errorf("second import said:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"reindex"}, e, &out, &errOut); err != nil {
		t.Fatalf("reindex: %v\n%s", err, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "reindexed 2 articles in ") {
		t.Errorf("reindex said %q", out.String())
	}
}

// TestImportReachesServe: `kiosque import jsonl` run next to a serving
// SQLite site shows on its cached home page within a few seconds, not when
// the cache entry ages out (5 minutes).
func TestImportReachesServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "site.db")
	srv := startProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", "sqlite:"+db, "--log-level", "error")
	get := func() string {
		t.Helper()
		resp, err := http.Get(srv.base)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	get() // cached now
	file := filepath.Join(t.TempDir(), "a.jsonl")
	line := fmt.Sprintf(`{"id":"depeche-1","lang":"fr","title":"Arrivée par l'import","body":"Un texte importé.","published":%q}`,
		time.Now().Add(-time.Minute).UTC().Format(time.RFC3339))
	if err := os.WriteFile(file, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "jsonl", "--db", "sqlite:" + db, "--log-level", "error", file}, env(nil), &out, io.Discard); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	for deadline := time.Now().Add(4 * outsideChangeEvery); ; {
		if strings.Contains(get(), "Arrivée par l") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the imported article never showed on the cached home page")
		}
		time.Sleep(50 * time.Millisecond) // polling with a deadline
	}
}
