// Package user holds the newsroom's login accounts: roles and what each may
// do, password hashing, login throttling, sessions and API keys. It knows
// nothing of HTTP or SQL; the admin surface and the store build on it.
package user

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// ID identifies a login account.
type ID int64

// Role is what an account may do in the newsroom.
type Role string

// The roles, from most to least powerful.
const (
	Admin  Role = "admin"  // everything, including accounts, settings, API keys
	Editor Role = "editor" // all content, comments and taxonomy
	Author Role = "author" // own drafts; submits for review, cannot publish
)

// Roles lists every role, most powerful first.
var Roles = []Role{Admin, Editor, Author}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Admin || r == Editor || r == Author }

// ParseRole returns the role named s, or an error naming the choices.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", fmt.Errorf("user: unknown role %q (want admin, editor or author)", s)
	}
	return r, nil
}

// User is a login account. It may be linked to a public author profile
// (article.Author) through AuthorID; articles signed by that profile are the
// user's own.
type User struct {
	ID           ID
	Email        string // lower case, unique
	Name         string
	Role         Role
	PasswordHash string // PHC string, see HashPassword
	AuthorID     int64  // 0: no public profile
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ErrInvalid marks an account that breaks a rule; the wrapped FieldErrors
// say which fields.
var ErrInvalid = errors.New("invalid")

// FieldErrors maps a form field to a catalog key.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	var b strings.Builder
	b.WriteString("invalid user:")
	for k, v := range fe {
		fmt.Fprintf(&b, " %s=%s", k, v)
	}
	return b.String()
}

// Is lets errors.Is(err, ErrInvalid) match FieldErrors.
func (fe FieldErrors) Is(target error) bool { return target == ErrInvalid }

// NormalizeEmail trims and lower-cases an address so that look-ups match.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks e-mail, name and role; it returns FieldErrors or nil.
func (u *User) Validate() error {
	fe := FieldErrors{}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 254 {
		fe["email"] = "admin.error.email_invalid"
	}
	if strings.TrimSpace(u.Name) == "" {
		fe["name"] = "admin.error.required"
	} else if utf8.RuneCountInString(u.Name) > 100 {
		fe["name"] = "admin.error.too_long"
	}
	if !u.Role.Valid() {
		fe["role"] = "admin.error.invalid"
	}
	if len(fe) > 0 {
		return fe
	}
	return nil
}
