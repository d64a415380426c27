package user

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, one
// lane), about 60 ms per hash on a small server core. Hashes keep their
// parameters, so raising them later leaves old hashes readable.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Password length limits, in characters. The upper bound keeps hashing cheap
// for whoever sends a megabyte as a password.
const (
	MinPassword = 10
	MaxPassword = 256
)

// ErrWrongPassword is returned by CheckPassword when the password does not
// match the hash.
var ErrWrongPassword = errors.New("user: wrong password")

// CheckPasswordRules returns a catalog key when pw is too short or too long,
// "" when it is acceptable.
func CheckPasswordRules(pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPassword:
		return "admin.error.password_short"
	case n > MaxPassword:
		return "admin.error.too_long"
	}
	return ""
}

// HashPassword hashes pw with argon2id and a random salt and returns a PHC
// string: $argon2id$v=19$m=65536,t=2,p=2$<salt>$<key>.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("user: hash password: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword compares pw with a hash made by HashPassword, in constant
// time. It returns nil on a match, ErrWrongPassword on a mismatch, and
// another error when the hash cannot be read.
func CheckPassword(hash, pw string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return fmt.Errorf("user: unreadable password hash")
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return fmt.Errorf("user: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<18 || t > 16 {
		return fmt.Errorf("user: unreadable argon2 parameters")
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return fmt.Errorf("user: unreadable salt: %w", err)
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return fmt.Errorf("user: unreadable key")
	}
	if len(pw) > MaxPassword*4 {
		return ErrWrongPassword
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrWrongPassword
	}
	return nil
}

// passwordAlphabet leaves out look-alikes (0/O, 1/l/I) so a printed password
// can be typed back.
const passwordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random 20-character password (about 116 bits),
// for the demo's admin account and for resets.
func GeneratePassword() string {
	return randomString(20, passwordAlphabet)
}

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	// rand.Text-like rejection sampling: rand.Read never fails on Linux (it
	// panics in the runtime otherwise), so the error is not checked.
	buf := make([]byte, 1)
	max := byte(256 - 256%len(alphabet))
	for i := 0; i < n; {
		_, _ = rand.Read(buf)
		if buf[0] >= max {
			continue
		}
		b[i] = alphabet[int(buf[0])%len(alphabet)]
		i++
	}
	return string(b)
}
