package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// stdin is where commands read secrets from; tests replace it.
var stdin io.Reader = os.Stdin

// cmdUser manages newsroom accounts: `kiosque user add --email E --name N
// --role admin|editor|author`, with the password on standard input.
func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "passwd" {
		return cmdUserPasswd(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: kiosque user add --email E --name N --role admin|editor|author < password\n"+
			"       kiosque user passwd --email E < password")
		return errUsage
	}
	var cfg Config
	var email, name, role string
	f := newFlagSet("user add", getenv, stderr)
	f.commonFlags(&cfg)
	f.StringVar(&email, "email", "", "the account's e-mail address (its login)")
	f.StringVar(&name, "name", "", "the name shown in the newsroom")
	f.StringVar(&role, "role", "author", "admin, editor or author")
	if err := f.parse(args[1:], &cfg); err != nil {
		return err
	}
	r, err := user.ParseRole(role)
	if err != nil {
		return fmt.Errorf("--role: %w", err)
	}
	pw, err := readSecret(stdin)
	if err != nil {
		return err
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	nr, ok := st.(store.Newsroom)
	if !ok {
		return fmt.Errorf("user add: this database has no newsroom tables")
	}
	u := &user.User{Email: email, Name: strings.TrimSpace(name), Role: r}
	err = admin.CreateUser(ctx, nr, u, pw)
	var fe user.FieldErrors
	switch {
	case errors.As(err, &fe):
		return fmt.Errorf("user add: %s", describeFieldErrors(fe))
	case errors.Is(err, store.ErrConflict):
		return fmt.Errorf("user add: an account with e-mail %s exists already", u.Email)
	case err != nil:
		return err
	}
	if err := nr.AddAudit(ctx, &user.AuditEntry{At: u.CreatedAt, Action: "user.create", Target: fmt.Sprintf("user:%d", u.ID), Detail: string(u.Role) + " (command line)"}); err != nil {
		logger.Warn("audit log", "err", err)
	}
	fmt.Fprintf(stdout, "Created %s account %d for %s.\n", u.Role, u.ID, u.Email)
	return nil
}

// cmdUserPasswd sets a new password (read on standard input) for an
// existing account and ends its sessions: `kiosque user passwd --email E`.
func cmdUserPasswd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	var email string
	f := newFlagSet("user passwd", getenv, stderr)
	f.commonFlags(&cfg)
	f.StringVar(&email, "email", "", "the account's e-mail address")
	if err := f.parse(args, &cfg); err != nil {
		return err
	}
	pw, err := readSecret(stdin)
	if err != nil {
		return err
	}
	if key := user.CheckPasswordRules(pw); key != "" {
		return fmt.Errorf("user passwd: the password must have %d to %d characters", user.MinPassword, user.MaxPassword)
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	nr, ok := st.(store.Newsroom)
	if !ok {
		return fmt.Errorf("user passwd: this database has no newsroom tables")
	}
	u, err := nr.UserByEmail(ctx, user.NormalizeEmail(email))
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("user passwd: no account has the e-mail %q (create it with `kiosque user add`)", email)
	}
	if err != nil {
		return err
	}
	if u.PasswordHash, err = user.HashPassword(pw); err != nil {
		return err
	}
	if err := nr.UpdateUser(ctx, u); err != nil {
		return err
	}
	if err := nr.DeleteUserSessions(ctx, u.ID); err != nil {
		return err
	}
	if err := nr.AddAudit(ctx, &user.AuditEntry{At: u.UpdatedAt, Action: "user.password", Target: fmt.Sprintf("user:%d", u.ID), Detail: "command line"}); err != nil {
		logger.Warn("audit log", "err", err)
	}
	fmt.Fprintf(stdout, "New password set for account %d; its sessions are closed.\n", u.ID)
	return nil
}

// readSecret reads one line (a password) from r, without its line ending.
func readSecret(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input (e.g. printf '%s\\n' \"$PASSWORD\" | kiosque user add …)")
	}
	return line, nil
}

// describeFieldErrors says in plain English which fields were refused (the
// command line has no catalog language).
func describeFieldErrors(fe user.FieldErrors) string {
	msgs := map[string]string{
		"email":    "--email is not a valid address",
		"name":     "--name is required (at most 100 characters)",
		"role":     "--role must be admin, editor or author",
		"password": fmt.Sprintf("the password must have %d to %d characters", user.MinPassword, user.MaxPassword),
	}
	var out []string
	for _, k := range []string{"email", "name", "role", "password"} {
		if _, ok := fe[k]; ok {
			out = append(out, msgs[k])
		}
	}
	return strings.Join(out, "; ")
}
