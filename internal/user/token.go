package user

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// Session is a logged-in browser. The store keeps only the hash of the token
// the cookie carries, so a copy of the database does not log anyone in.
type Session struct {
	TokenHash string
	UserID    ID
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionLifetime is how long a session lasts without logging in again.
const SessionLifetime = 14 * 24 * time.Hour

// NewToken returns a random URL-safe token of 32 bytes (256 bits).
func NewToken() string {
	b := make([]byte, 32)
	// crypto/rand.Read never returns an error on supported platforms.
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the hex SHA-256 of a session token or API key, the form
// in which the store keeps them. A fast hash is right here: the tokens are
// random and long, not passwords.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CSRFToken derives the anti-forgery token of a session from its secret
// token: a page may show it, but it cannot be turned back into the session.
func CSRFToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("kiosque-csrf\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// APIKey is a key for the JSON and Akismet-compatible APIs. Only its hash
// is stored; the key itself is shown once, when created.
type APIKey struct {
	ID        int64
	Name      string
	Hash      string // HashToken of the key
	Prefix    string // first characters of the key, to recognize it in lists
	CreatedAt time.Time
	RevokedAt time.Time // zero while the key works
	CreatedBy ID        // 0 when created from the command line
}

// APIKeyPrefix starts every key, so a leaked key is easy to recognize.
const APIKeyPrefix = "kq_"

// NewAPIKey returns a new secret key and its record (hash and prefix set,
// other fields left to the caller).
func NewAPIKey(name string) (secret string, k APIKey) {
	secret = APIKeyPrefix + NewToken()
	return secret, APIKey{Name: strings.TrimSpace(name), Hash: HashToken(secret), Prefix: secret[:len(APIKeyPrefix)+6]}
}

// Active reports whether the key has not been revoked.
func (k *APIKey) Active() bool { return k.RevokedAt.IsZero() }

// AuditEntry records who did what, for admins to read.
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   ID     // 0 for the command line or the system (scheduler)
	UserName string // kept as it was, even if the account changes later
	Action   string // e.g. "login", "article.publish", "settings.save"
	Target   string // what it was done to, e.g. "article:42"
	Detail   string // short free text (a title, a role change), never secrets
}
