package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// cmdAPIKey creates API keys: `kiosque apikey add NAME` prints the new key
// as its last line. Only its hash is stored: the key cannot be shown again.
func cmdAPIKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: kiosque apikey add [flags] NAME")
		return errUsage
	}
	var cfg Config
	f := newFlagSet("apikey add", getenv, stderr)
	f.commonFlags(&cfg)
	// The name may stand before or after the flags.
	pos, err := parsePositional(f, args[1:], &cfg, 1)
	if err != nil {
		return err
	}
	name := pos[0]
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	nr, ok := st.(store.Newsroom)
	if !ok {
		return fmt.Errorf("apikey add: this database has no newsroom tables")
	}
	secret, k, err := admin.CreateAPIKey(ctx, nr, name, 0, time.Now())
	if err != nil {
		return fmt.Errorf("apikey add %q: %w", name, err)
	}
	if err := nr.AddAudit(ctx, &user.AuditEntry{At: k.CreatedAt, Action: "apikey.create", Target: fmt.Sprintf("apikey:%d", k.ID), Detail: k.Name + " (command line)"}); err != nil {
		logger.Warn("audit log", "err", err)
	}
	fmt.Fprintf(stdout, "Created API key %d %q. It is shown once; keep it safe:\n%s\n", k.ID, k.Name, secret)
	return nil
}
