package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
