package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// postgresBackupHelp is what backup and restore say on PostgreSQL, where the
// database server's own tools do the job.
const postgresBackupHelp = "on PostgreSQL, use pg_dump and pg_restore (see docs/backup.md)"

// cmdBackup writes a consistent copy of a SQLite site to FILE while it
// serves: `kiosque backup [--db sqlite:PATH] FILE`. Media live in the
// database, so the copy holds them too.
func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	f := newFlagSet("backup", getenv, stderr)
	f.commonFlags(&cfg)
	file, err := parseWithFile(f, args, &cfg, "backup [flags] FILE")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(cfg.DB, "sqlite:") {
		return errors.New("backup: " + postgresBackupHelp)
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	s, ok := st.(*sqlite.Store)
	if !ok {
		return errors.New("backup: " + postgresBackupHelp)
	}
	if err := s.Backup(ctx, file); err != nil {
		return err
	}
	logger.Info("backup written", "file", file)
	fmt.Fprintf(stdout, "Backup written to %s.\n", file)
	return nil
}

// cmdRestore puts a backup in place of a SQLite site's database:
// `kiosque restore [--db sqlite:PATH] [--force] FILE`. The site must be
// stopped (--force replaces a database in use, which the running site
// would not notice: only for a process that is hung). The backup is
// integrity-checked before it replaces anything.
func cmdRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	var force bool
	f := newFlagSet("restore", getenv, stderr)
	f.commonFlags(&cfg)
	f.BoolVar(&force, "force", false, "replace the database even if a running site has it open")
	file, err := parseWithFile(f, args, &cfg, "restore [flags] FILE")
	if err != nil {
		return err
	}
	path, ok := strings.CutPrefix(cfg.DB, "sqlite:")
	if !ok {
		return errors.New("restore: " + postgresBackupHelp)
	}
	path = strings.TrimPrefix(path, "//")
	if abs, err := filepath.Abs(file); err == nil {
		if absDB, err := filepath.Abs(path); err == nil && abs == absDB {
			return fmt.Errorf("restore: %s is the database itself; name a backup file", file)
		}
	}
	if err := sqlite.Restore(ctx, file, path, force); err != nil {
		return err
	}
	newLogger(&cfg, stderr).Info("backup restored", "file", file, "db", path)
	fmt.Fprintf(stdout, "Restored %s into %s. Start the site again.\n", file, path)
	return nil
}

// parseWithFile parses a command line made of flags and one FILE argument
// (before or after the flags) into c, like flagSet.parse.
func parseWithFile(f *flagSet, args []string, c *Config, synopsis string) (string, error) {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", errUsage
	}
	if f.NArg() == 0 {
		fmt.Fprintf(f.Output(), "usage: kiosque %s\n", synopsis)
		return "", errUsage
	}
	file := f.Arg(0)
	return file, f.parse(f.Args()[1:], c)
}
