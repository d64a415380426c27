package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/kiosque/kiosque/internal/related"
	"io"
	"os"
	"time"

	"github.com/kiosque/kiosque/internal/importer"
)

// importWXRCmd is `kiosque import wxr [flags] FILE`: it imports a WordPress
// export, prints progress when stdout is a terminal, then the summary.
func importWXRCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	var lang string
	f := newFlagSet("import wxr", getenv, stderr)
	f.commonFlags(&cfg)
	f.string(&lang, "lang", "", "language of the imported articles, fr or en (default: the export's)")
	f.Usage = func() {
		fmt.Fprintln(f.Output(), "Usage: kiosque import wxr [flags] FILE.xml\n\nImports a WordPress export (Tools → Export). Running it again changes nothing.")
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
	ws, ok := st.(importer.WXRStore)
	if !ok {
		return fmt.Errorf("import wxr: the %T store cannot keep redirects", st)
	}
	start := time.Now()
	sum, err := importer.ImportWXR(ctx, ws, files[0], importer.WXROptions{
		Lang: lang, Logger: logger, Progress: progressBar(stdout, "importing"),
	})
	clearLine(stdout)
	if sum != nil {
		_ = sum.Write(stdout) // the import is done; a closed stdout loses only the report
	}
	if err != nil {
		return err
	}
	if sum != nil && sum.Articles > 0 {
		// New articles are searchable and get their "Lire aussi" now: a
		// full rebuild, as an import is large next to the site.
		err := (&related.Engine{Store: st, Logger: logger}).Rebuild(ctx, rebuildProgress(stdout, "analyzing"))
		clearLine(stdout)
		if err != nil {
			return fmt.Errorf("import wxr: analyze the imported articles: %w", err)
		}
	}
	announce(ctx, st, "import", logger)
	logger.Info("wxr import done", "file", files[0], "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// parsePositional parses flags that may come before or after n positional
// arguments (`import wxr FILE --db X` and `import wxr --db X FILE` alike),
// then validates cfg as parse does.
func parsePositional(f *flagSet, args []string, cfg *Config, n int) ([]string, error) {
	var pos, rest []string
	for rest = args; ; {
		if err := f.FlagSet.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage // Parse has printed the problem and the flags
		}
		if f.NArg() == 0 {
			break
		}
		pos = append(pos, f.Arg(0))
		rest = f.Args()[1:]
	}
	if len(pos) != n {
		f.Usage()
		return nil, errUsage
	}
	return pos, f.parse(nil, cfg)
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar returns a progress callback drawing "label 1234/10000 [###…]"
// on w when w is a terminal, and nil (no progress) otherwise.
func progressBar(w io.Writer, label string) func(done, total int) {
	if !isTerminal(w) {
		return nil
	}
	last := time.Time{}
	return func(done, total int) {
		if now := time.Now(); done < total && now.Sub(last) < 100*time.Millisecond {
			return
		} else {
			last = now
		}
		const width = 30
		filled := width
		if total > 0 {
			filled = min(width, done*width/total)
		}
		bar := make([]byte, width)
		for i := range bar {
			bar[i] = ' '
			if i < filled {
				bar[i] = '#'
			}
		}
		fmt.Fprintf(w, "\r%s %d/%d [%s]", label, done, total, bar)
	}
}

// rebuildProgress shows related.Engine.Rebuild's stages on a terminal, one
// bar each: "analyzing (signatures) 500/2000 [#######       ]".
func rebuildProgress(w io.Writer, label string) related.Progress {
	var bar func(done, total int)
	current := ""
	return func(stage string, done, total int) {
		if stage != current {
			current = stage
			clearLine(w)
			bar = progressBar(w, label+" ("+stage+")")
		}
		if bar != nil {
			bar(done, total)
		}
	}
}

// clearLine erases a progress line on a terminal.
func clearLine(w io.Writer) {
	if isTerminal(w) {
		fmt.Fprint(w, "\r\033[K")
	}
}
