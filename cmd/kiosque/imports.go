package main

import (
	"context"
	"fmt"
	"io"
)

// cmdImport dispatches `kiosque import KIND …`: wxr (a WordPress export),
// jsonl (one article a line) and feed (one pull of an RSS/Atom feed).
func cmdImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	kinds := map[string]func(context.Context, []string, func(string) string, io.Writer, io.Writer) error{
		"wxr":   importWXRCmd,
		"feed":  importFeedCmd,
		"jsonl": importJSONLCmd,
	}
	if len(args) > 0 {
		if run, ok := kinds[args[0]]; ok {
			return run(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	fmt.Fprintln(stderr, "usage: kiosque import wxr FILE | kiosque import jsonl FILE | kiosque import feed URL")
	return errUsage
}
