package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/kiosque/kiosque/internal/importer"
)

// cmdExport is `kiosque export wxr [flags] > site.xml`: the whole site as a
// WordPress export (WXR 1.2) on stdout, which WordPress and Kiosque both
// import.
func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	f := newFlagSet("export", getenv, stderr)
	f.commonFlags(&cfg)
	f.Usage = func() {
		fmt.Fprintln(f.Output(), "Usage: kiosque export wxr [flags] > site.xml\n\nWrites every article, author, category and tag as a WordPress export (WXR 1.2).")
		f.PrintDefaults()
	}
	pos, err := parsePositional(f, args, &cfg, 1)
	if err != nil {
		return err
	}
	if pos[0] != "wxr" {
		fmt.Fprintf(stderr, "kiosque export: unknown format %q (only wxr)\n", pos[0])
		return errUsage
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	return importer.ExportWXR(ctx, st, stdout, time.Now())
}
