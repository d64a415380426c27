package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errUsage means the command line was wrong; the usage has been printed.
var errUsage = errors.New("usage")

// command is one subcommand: `kiosque NAME args…`.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands lists the subcommands, in the order `kiosque help` shows them.
// Add new ones here.
var commands = []command{
	{"serve", "run the web site", cmdServe},
	{"migrate", "apply pending database migrations and exit", cmdMigrate},
	{"user", "newsroom accounts: user add --email E --name N --role R, user passwd --email E (password on stdin)", cmdUser},
	{"apikey", "create an API key: apikey add NAME (prints the key last)", cmdAPIKey},
	{"import", "import content: import wxr FILE | import jsonl FILE | import feed URL", cmdImport},
	{"export", "export the site as a WordPress file: export wxr > site.xml", cmdExport},
	{"spam", "evaluate the spam filter on a labeled CSV: spam eval FILE.csv", cmdSpam},
	{"backup", "copy a SQLite site's database while it serves: backup FILE", cmdBackup},
	{"restore", "put a backup in place of a stopped SQLite site's database: restore FILE", cmdRestore},
	{"comments", "readers' data: comments export|erase --email E, comments expire", cmdComments},
	{"reindex", "rebuild the search index and related articles", cmdReindex},
}

// run is the whole program: main calls it with the real process's
// arguments (without the program name), environment and outputs; tests
// call it with their own. It returns when the command is done or, for
// serve, when ctx is cancelled and the server has shut down.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == name {
			err := c.run(ctx, args[1:], getenv, stdout, stderr)
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	fmt.Fprintf(stderr, "kiosque: unknown command %q\n\n", name)
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("Usage: kiosque COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun `kiosque COMMAND -h` for a command's flags. Every flag can also be set\n" +
		"with a KIOSQUE_* environment variable (--base-url: KIOSQUE_BASE_URL); a flag\n" +
		"beats the environment, which beats the default.\n")
	_, _ = io.WriteString(w, b.String()) // nothing to do if the terminal is gone
}
