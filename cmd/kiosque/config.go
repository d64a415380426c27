package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/store/postgres"
)

// Config is the whole configuration of one kiosque process, built once from
// flags, KIOSQUE_* variables and defaults (in that order of precedence),
// validated once, and handed to the constructors that need its parts.
type Config struct {
	DB        string // "sqlite:PATH" or "postgres://…"
	LogFormat string // "text" or "json"
	LogLevel  slog.Level
	// DBMaxConns is the PostgreSQL pool size of this process; every node
	// has its own, so nodes × DBMaxConns must stay under the server's
	// max_connections.
	DBMaxConns int
	// DBStatementTimeout bounds every PostgreSQL statement (serve only;
	// batch commands run without one). 0 turns it off.
	DBStatementTimeout time.Duration

	// serve only
	Addr    string // host:port to listen on
	BaseURL string // overrides the site.base_url setting when set
	Demo    bool   // load the demo site into an empty database
	CacheMB int    // page cache size in MiB; 0 turns the cache off
	// PublishEvery is how often scheduled articles are checked.
	PublishEvery time.Duration
	SMTP         string // smtp://user:pass@host:587?from=…, "" for no e-mail
	TrustProxy   bool   // take readers' addresses from X-Forwarded-For
	// ReadHeaderTimeout is how long a client may take to send a request's
	// headers (slow clients, slowloris attacks).
	ReadHeaderTimeout time.Duration
	// DebugAddr is a loopback host:port serving Go's profiler at
	// /debug/pprof/; "" serves none.
	DebugAddr string
}

// Defaults of the configuration.
const (
	defaultDB   = "sqlite:kiosque-data/kiosque.db"
	defaultAddr = "127.0.0.1:8080"
	// defaultStatementTimeout: a page runs a few statements of a few
	// milliseconds; one that runs for seconds is stuck (a lock, a bad
	// plan) and would hold a connection and a reader.
	defaultStatementTimeout = 5 * time.Second
)

// flagSet is a subcommand's flag set. Each flag's default comes from its
// KIOSQUE_* variable when that is set, so after Parse a flag given on the
// command line beats the environment, which beats the built-in default.
type flagSet struct {
	*flag.FlagSet
	getenv   func(string) string
	envErrs  []error
	logLevel string
}

func newFlagSet(name string, getenv func(string) string, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet("kiosque "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return &flagSet{FlagSet: fs, getenv: getenv}
}

// envName is the variable that backs a flag: --base-url → KIOSQUE_BASE_URL.
func envName(flagName string) string {
	return "KIOSQUE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flagSet) string(p *string, name, def, help string) {
	if v := f.getenv(envName(name)); v != "" {
		def = v
	}
	f.StringVar(p, name, def, help+" ($"+envName(name)+")")
}

func (f *flagSet) bool(p *bool, name string, help string) {
	def := false
	if v := f.getenv(envName(name)); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			f.envErrs = append(f.envErrs, fmt.Errorf("$%s=%q: want true or false", envName(name), v))
		}
		def = b
	}
	f.BoolVar(p, name, def, help+" ($"+envName(name)+")")
}

func (f *flagSet) int(p *int, name string, def int, help string) {
	if v := f.getenv(envName(name)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			f.envErrs = append(f.envErrs, fmt.Errorf("$%s=%q: want a whole number", envName(name), v))
		}
		def = n
	}
	f.IntVar(p, name, def, help+" ($"+envName(name)+")")
}

func (f *flagSet) duration(p *time.Duration, name string, def time.Duration, help string) {
	if v := f.getenv(envName(name)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			f.envErrs = append(f.envErrs, fmt.Errorf("$%s=%q: want a duration such as 30s", envName(name), v))
		}
		def = d
	}
	f.DurationVar(p, name, def, help+" ($"+envName(name)+")")
}

// commonFlags registers the flags every command takes into c.
func (f *flagSet) commonFlags(c *Config) {
	f.string(&c.DB, "db", defaultDB, "database: sqlite:PATH or postgres://USER:PASS@HOST/DB")
	f.int(&c.DBMaxConns, "db-max-conns", postgres.DefaultMaxConns, "PostgreSQL: connections this process may open")
	f.string(&c.LogFormat, "log-format", "text", "log format: text or json")
	f.string(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
}

// parse parses args into c and validates c. A wrong command line prints
// why and the flags, and returns errUsage; -h returns flag.ErrHelp.
func (f *flagSet) parse(args []string, c *Config) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // Parse has printed the problem and the flags
	}
	if f.NArg() > 0 {
		fmt.Fprintf(f.Output(), "%s: unexpected argument %q\n", f.Name(), f.Arg(0))
		return errUsage
	}
	errs := f.envErrs
	if err := c.LogLevel.UnmarshalText([]byte(f.logLevel)); err != nil {
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", f.logLevel))
	}
	errs = append(errs, c.Validate())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	return nil
}

// Validate checks the configuration and says what to fix.
func (c *Config) Validate() error {
	var errs []error
	switch {
	case strings.HasPrefix(c.DB, "sqlite:"):
		if strings.TrimPrefix(c.DB, "sqlite:") == "" {
			errs = append(errs, errors.New("--db sqlite: needs a file path, e.g. sqlite:kiosque-data/kiosque.db"))
		}
	case strings.HasPrefix(c.DB, "postgres://"), strings.HasPrefix(c.DB, "postgresql://"):
	default:
		errs = append(errs, fmt.Errorf("--db %q: want sqlite:PATH or postgres://…", redactDSN(c.DB)))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			errs = append(errs, fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.Addr))
		}
	}
	if c.DebugAddr != "" {
		host, _, err := net.SplitHostPort(c.DebugAddr)
		if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			errs = append(errs, fmt.Errorf("--debug-addr %q: want a loopback host:port, e.g. 127.0.0.1:6060 (the profiler must not be public)", c.DebugAddr))
		}
	}
	if c.PublishEvery < 0 || (c.PublishEvery > 0 && c.PublishEvery < 100*time.Millisecond) {
		errs = append(errs, fmt.Errorf("--publish-every %s: want at least 100ms", c.PublishEvery))
	}
	if c.ReadHeaderTimeout < 0 {
		errs = append(errs, fmt.Errorf("--read-header-timeout %v: want a positive duration such as 5s", c.ReadHeaderTimeout))
	}
	if c.DBMaxConns < 1 {
		errs = append(errs, fmt.Errorf("--db-max-conns %d: want at least 1", c.DBMaxConns))
	}
	if c.DBStatementTimeout < 0 || (c.DBStatementTimeout > 0 && c.DBStatementTimeout < 10*time.Millisecond) {
		errs = append(errs, fmt.Errorf("--db-statement-timeout %v: want 0 (none) or a duration such as 5s", c.DBStatementTimeout))
	}
	if c.CacheMB < 0 {
		errs = append(errs, fmt.Errorf("--cache-mb %d: want 0 (off) or a size in MiB", c.CacheMB))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			errs = append(errs, fmt.Errorf("--base-url %q: want the site's origin, e.g. https://news.example.org", c.BaseURL))
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	return errors.Join(errs...)
}

// redactDSN hides the password of a database URL, for messages and logs.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	return u.Redacted()
}

// newLogger builds the process's logger, writing to w.
func newLogger(c *Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
