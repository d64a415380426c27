package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for run.
func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

// TestServeEndToEnd starts the real program on a free port, asks it for
// /healthz and the home page, then stops it as SIGINT would.
func TestServeEndToEnd(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "data", "kiosque.db")
	srv := startServe(t, "--db", db, "--log-level", "warn")
	base := srv.base

	for path, want := range map[string]int{"healthz": 200, "": 200, "privacy/": 200, "nope/": 404} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body) // the status is what we check
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET /%s: %d, want %d", path, resp.StatusCode, want)
		}
		if path == "healthz" && strings.TrimSpace(string(body)) != "ok" {
			t.Errorf("healthz said %q", body)
		}
		// With no base URL configured, links use the address served.
		if path == "" && !strings.Contains(string(body), `<link rel="canonical" href="`+base+`">`) {
			t.Errorf("home page has no canonical link to %s", base)
		}
	}

	if err := srv.stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
}

func TestMigrate(t *testing.T) {
	var out strings.Builder
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	for range 2 { // a second run finds nothing to do
		out.Reset()
		if err := run(t.Context(), []string{"migrate"}, env(map[string]string{"KIOSQUE_DB": db}), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "up to date") {
			t.Errorf("migrate printed %q", out.String())
		}
	}
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string // "" for success; "usage" for errUsage
	}{
		{"no command", nil, nil, "usage"},
		{"unknown command", []string{"frobnicate"}, nil, "usage"},
		{"help", []string{"help"}, nil, ""},
		{"command help", []string{"serve", "-h"}, nil, ""},
		{"unknown flag", []string{"serve", "--nope"}, nil, "usage"},
		{"stray argument", []string{"migrate", "extra"}, nil, "usage"},
		{"bad database URL", []string{"migrate", "--db", "mysql://x"}, nil, "want sqlite:PATH"},
		{"bad database URL from the environment", []string{"migrate"}, map[string]string{"KIOSQUE_DB": "nope"}, "want sqlite:PATH"},
		{"bad log level", []string{"migrate", "--log-level", "loud"}, nil, "--log-level"},
		{"bad log format", []string{"migrate", "--log-format", "xml"}, nil, "--log-format"},
		{"bad address", []string{"serve", "--addr", "8080"}, nil, "--addr"},
		{"bad base URL", []string{"serve", "--base-url", "nouvelles.example"}, nil, "--base-url"},
		{"bad boolean in the environment", []string{"serve"}, map[string]string{"KIOSQUE_DEMO": "oui"}, "KIOSQUE_DEMO"},
		{"no connections", []string{"migrate", "--db-max-conns", "0"}, nil, "--db-max-conns"},
		{"bad pool size in the environment", []string{"migrate"}, map[string]string{"KIOSQUE_DB_MAX_CONNS": "dix"}, "KIOSQUE_DB_MAX_CONNS"},
		{"negative statement timeout", []string{"serve", "--db-statement-timeout", "-1s"}, nil, "--db-statement-timeout"},
		{"bad statement timeout in the environment", []string{"serve"}, map[string]string{"KIOSQUE_DB_STATEMENT_TIMEOUT": "5"}, "KIOSQUE_DB_STATEMENT_TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(t.Context(), tt.args, env(tt.env), io.Discard, io.Discard)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tt.wantErr == "usage" && !errors.Is(err, errUsage):
				t.Errorf("got %v, want a usage error", err)
			case tt.wantErr != "" && tt.wantErr != "usage" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error about %s", err, tt.wantErr)
			}
		})
	}
}

// TestConfigPrecedence checks flag > environment > default.
func TestConfigPrecedence(t *testing.T) {
	parse := func(args []string, kv map[string]string) Config {
		t.Helper()
		var c Config
		f := newFlagSet("serve", env(kv), io.Discard)
		f.commonFlags(&c)
		f.string(&c.Addr, "addr", defaultAddr, "")
		f.string(&c.BaseURL, "base-url", "", "")
		f.bool(&c.Demo, "demo", "")
		f.duration(&c.DBStatementTimeout, "db-statement-timeout", defaultStatementTimeout, "")
		if err := f.parse(args, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := parse(nil, nil)
	if c.DB != defaultDB || c.Addr != defaultAddr || c.Demo || c.LogFormat != "text" || c.DBMaxConns != 10 || c.DBStatementTimeout != 5*time.Second {
		t.Errorf("defaults: %+v", c)
	}
	kv := map[string]string{"KIOSQUE_ADDR": "127.0.0.1:9000", "KIOSQUE_DEMO": "true", "KIOSQUE_BASE_URL": "https://a.example/", "KIOSQUE_LOG_LEVEL": "debug",
		"KIOSQUE_DB_MAX_CONNS": "4", "KIOSQUE_DB_STATEMENT_TIMEOUT": "2s"}
	c = parse(nil, kv)
	if c.Addr != "127.0.0.1:9000" || !c.Demo || c.BaseURL != "https://a.example" || c.LogLevel.String() != "DEBUG" || c.DBMaxConns != 4 || c.DBStatementTimeout != 2*time.Second {
		t.Errorf("environment: %+v", c)
	}
	c = parse([]string{"--addr", "127.0.0.1:9001", "--demo=false", "--db-max-conns", "6", "--db-statement-timeout", "0"}, kv)
	if c.Addr != "127.0.0.1:9001" || c.Demo || c.DBMaxConns != 6 || c.DBStatementTimeout != 0 {
		t.Errorf("flags over environment: %+v", c)
	}
}

func TestRedactDSN(t *testing.T) {
	got := redactDSN("postgres://kiosque:secret@db.example/kiosque")
	if strings.Contains(got, "secret") {
		t.Errorf("redactDSN kept the password: %s", got)
	}
}

func TestDisplayAddr(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:8080": "127.0.0.1:8080",
		"0.0.0.0:8080":   "localhost:8080",
		"[::]:8080":      "localhost:8080",
	} {
		a, err := net.ResolveTCPAddr("tcp", in)
		if err != nil {
			t.Fatal(err)
		}
		if got := displayAddr(a); got != want {
			t.Errorf("displayAddr(%s) = %s, want %s", in, got, want)
		}
	}
}
