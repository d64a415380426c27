package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// CreateUser validates u, hashes password and stores the account; the
// command line (`kiosque user add`), the demo and the users page call it.
// It returns user.FieldErrors (matching user.ErrInvalid) for a bad e-mail,
// name, role or password, and store.ErrConflict for a taken e-mail.
func CreateUser(ctx context.Context, st store.Users, u *user.User, password string) error {
	u.Email = user.NormalizeEmail(u.Email)
	err := u.Validate()
	var fe user.FieldErrors
	if err != nil && !errors.As(err, &fe) {
		return err
	}
	if key := user.CheckPasswordRules(password); key != "" {
		if fe == nil {
			fe = user.FieldErrors{}
		}
		fe["password"] = key
	}
	if len(fe) > 0 {
		return fe
	}
	if u.PasswordHash, err = user.HashPassword(password); err != nil {
		return err
	}
	if err := st.CreateUser(ctx, u); err != nil {
		return fmt.Errorf("admin: create user: %w", err)
	}
	return nil
}

// EnsureDemoAdmin creates an admin account with a generated password when
// no account has this e-mail yet, and returns the password to print. When
// the account exists already it returns "" and no error (the password was
// printed on the first start).
func EnsureDemoAdmin(ctx context.Context, st store.Users, email, name string) (string, error) {
	if _, err := st.UserByEmail(ctx, user.NormalizeEmail(email)); err == nil {
		return "", nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("admin: demo admin: %w", err)
	}
	pw := user.GeneratePassword()
	if err := CreateUser(ctx, st, &user.User{Email: email, Name: name, Role: user.Admin}, pw); err != nil {
		return "", err
	}
	return pw, nil
}

// CreateAPIKey makes a new API key named name, stores its hash and returns
// the secret key, which is shown once and never stored. by is the admin who
// asked (0 from the command line).
func CreateAPIKey(ctx context.Context, st store.APIKeys, name string, by user.ID, now time.Time) (string, *user.APIKey, error) {
	secret, k := user.NewAPIKey(name)
	if k.Name == "" {
		return "", nil, user.FieldErrors{"name": "admin.error.required"}
	}
	k.CreatedAt, k.CreatedBy = now.UTC(), by
	if err := st.CreateAPIKey(ctx, &k); err != nil {
		return "", nil, fmt.Errorf("admin: create api key: %w", err)
	}
	return secret, &k, nil
}

// ErrBadAPIKey is returned by an APIKeyChecker for a missing, unknown or
// revoked key.
var ErrBadAPIKey = errors.New("admin: invalid or revoked API key")

// APIKeyChecker returns the function the JSON and Akismet-compatible APIs
// call to authenticate a key: nil for an active key, ErrBadAPIKey for a
// missing, unknown or revoked one, another error when the store fails.
func APIKeyChecker(st store.APIKeys) func(ctx context.Context, token string) error {
	return func(ctx context.Context, token string) error {
		if token == "" {
			return ErrBadAPIKey
		}
		k, err := st.APIKeyByHash(ctx, user.HashToken(token))
		switch {
		case errors.Is(err, store.ErrNotFound):
			return ErrBadAPIKey
		case err != nil:
			return fmt.Errorf("admin: check api key: %w", err)
		case !k.Active():
			return ErrBadAPIKey
		}
		return nil
	}
}

// Sweep deletes expired sessions and old login failures; call it now and
// then (hourly is plenty).
func Sweep(ctx context.Context, st store.Sessions, now time.Time) error {
	if err := st.DeleteExpired(ctx, now.UTC(), now.UTC().Add(-24*time.Hour)); err != nil {
		return fmt.Errorf("admin: sweep sessions: %w", err)
	}
	return nil
}
