package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/importer"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/store"
)

// importJSONLCmd is `kiosque import jsonl [flags] FILE`: one article a line
// (DESIGN.md). It prints progress on a terminal, then the summary, and
// analyzes the new articles (search, related articles).
func importJSONLCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	f := newFlagSet("import jsonl", getenv, stderr)
	f.commonFlags(&cfg)
	f.Usage = func() {
		fmt.Fprintln(f.Output(), "Usage: kiosque import jsonl [flags] FILE.jsonl\n\nImports one article a JSON line: {\"id\",\"lang\",\"title\",\"body\",\"category\"?,\"tags\"?,\"author\"?,\"published\"?,\"slug\"?,\"source_url\"?}.\nRunning it again changes nothing: the id identifies an article.")
		f.PrintDefaults()
	}
	files, err := parsePositional(f, args, &cfg, 1)
	if err != nil {
		return err
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	start := time.Now()
	var added []article.ID
	sum, err := importer.ImportJSONL(ctx, st, files[0], importer.JSONLOptions{
		Logger: logger, Progress: progressBar(stdout, "importing"),
		Imported: func(_ context.Context, id article.ID) error { added = append(added, id); return nil },
	})
	clearLine(stdout)
	if sum != nil {
		_ = sum.Write(stdout) // the import is done; a closed stdout loses only the report
	}
	if err != nil {
		return err
	}
	if err := analyzeImported(ctx, st, added, stdout, logger); err != nil {
		return err
	}
	announce(ctx, st, "import", logger)
	logger.Info("jsonl import done", "file", files[0], "articles", len(added), "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// analyzeImported indexes newly imported articles. When they are many
// compared with the site, everything is rebuilt at once (better weights
// and much faster than one by one); otherwise each is analyzed as if it
// had just been published.
func analyzeImported(ctx context.Context, st store.Store, ids []article.ID, stdout io.Writer, logger *slog.Logger) error {
	if len(ids) == 0 {
		return nil
	}
	eng := &related.Engine{Store: st, Logger: logger}
	all, err := st.ArticleIDs(ctx)
	if err != nil {
		return err
	}
	if len(ids)*5 >= len(all) {
		err := eng.Rebuild(ctx, rebuildProgress(stdout, "analyzing"))
		clearLine(stdout)
		return err
	}
	bar := progressBar(stdout, "analyzing")
	for i, id := range ids {
		if err := eng.Update(ctx, id); err != nil {
			return err
		}
		if bar != nil {
			bar(i+1, len(ids))
		}
	}
	clearLine(stdout)
	return nil
}

// cmdReindex is `kiosque reindex`: it rebuilds the search index, the term
// statistics and every article's related articles from the articles.
func cmdReindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	f := newFlagSet("reindex", getenv, stderr)
	f.commonFlags(&cfg)
	f.Usage = func() {
		fmt.Fprintln(f.Output(), "Usage: kiosque reindex [flags]\n\nRebuilds the search index and the related articles of every article.")
		f.PrintDefaults()
	}
	if err := f.parse(args, &cfg); err != nil {
		return err
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	start := time.Now()
	eng := &related.Engine{Store: st, Logger: logger}
	show := rebuildProgress(stdout, "reindexing")
	var n int
	err = eng.Rebuild(ctx, func(stage string, done, total int) {
		n = total
		show(stage, done, total)
	})
	clearLine(stdout)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	announce(ctx, st, "reindex", logger)
	fmt.Fprintf(stdout, "reindexed %d articles in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
