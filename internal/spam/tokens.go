package spam

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"time"
)

// Errors of Tokens.Verify. Only ErrTokenInvalid and ErrTokenReplayed mean
// the form was forged or sent twice; the other two mean a suspicious timing
// and are for the filter to weigh.
var (
	ErrTokenInvalid  = errors.New("spam: form token invalid")
	ErrTokenReplayed = errors.New("spam: form token already used")
	ErrTokenTooFast  = errors.New("spam: form sent too fast")
	ErrTokenExpired  = errors.New("spam: form token too old")
)

// Token timing bounds: a person needs a few seconds to write a comment, and
// a form older than a day was most likely harvested.
const (
	TokenMinAge = 3 * time.Second
	TokenMaxAge = 24 * time.Hour
)

// Tokens issues and checks the signed token placed in each comment form. A
// token binds the time the form was served, a random nonce and the article
// id, signed with HMAC-SHA256. Each token is accepted once.
type Tokens struct {
	secret []byte
	used   Recent
	rand   io.Reader
}

// NewTokens returns Tokens signing with secret (at least 16 bytes; the site
// keeps it in its settings so every node and restart agrees). used remembers
// spent tokens; nil means an in-process Memory, enough for one node.
func NewTokens(secret []byte, used Recent) (*Tokens, error) {
	if len(secret) < 16 {
		return nil, errors.New("spam: token secret shorter than 16 bytes")
	}
	if used == nil {
		used = NewMemory(TokenMaxAge+time.Hour, 200_000)
	}
	return &Tokens{secret: append([]byte(nil), secret...), used: used, rand: rand.Reader}, nil
}

const (
	tokenVersion = 1
	nonceLen     = 12
	macLen       = 16
	payloadLen   = 1 + 8 + nonceLen
)

// Issue returns a token for a form about articleID served at now.
func (t *Tokens) Issue(now time.Time, articleID string) string {
	p := make([]byte, payloadLen, payloadLen+macLen)
	p[0] = tokenVersion
	binary.BigEndian.PutUint64(p[1:], uint64(now.UnixMilli()))
	if _, err := io.ReadFull(t.rand, p[9:]); err != nil {
		panic("spam: no randomness for form token: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(append(p, t.mac(p, articleID)...))
}

func (t *Tokens) mac(payload []byte, articleID string) []byte {
	h := hmac.New(sha256.New, t.secret)
	h.Write(payload)
	h.Write([]byte(articleID))
	return h.Sum(nil)[:macLen]
}

// Verify checks a token sent with a comment on articleID at now by client
// (the commenter's IP address). It returns nil for a good token,
// ErrTokenInvalid for a malformed or forged one or one issued for another
// article, ErrTokenReplayed when the same client sent it before (a cached
// article page hands one token to many readers, so a token is spent per
// client, not once for all),
// ErrTokenTooFast or ErrTokenExpired when the form came back sooner than
// TokenMinAge or later than TokenMaxAge. A well-signed token is spent by its
// first Verify, whatever the timing.
func (t *Tokens) Verify(token string, now time.Time, articleID, client string) error {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != payloadLen+macLen || raw[0] != tokenVersion {
		return ErrTokenInvalid
	}
	payload, sum := raw[:payloadLen], raw[payloadLen:]
	if !hmac.Equal(sum, t.mac(payload, articleID)) {
		return ErrTokenInvalid
	}
	issued := time.UnixMilli(int64(binary.BigEndian.Uint64(payload[1:])))
	if issued.After(now.Add(time.Minute)) {
		return ErrTokenInvalid // from the future: another node's clock at worst, never a minute
	}
	if t.used.Add("token:"+string(payload[9:])+"|"+client, now) > 1 {
		return ErrTokenReplayed
	}
	switch age := now.Sub(issued); {
	case age < TokenMinAge:
		return ErrTokenTooFast
	case age > TokenMaxAge:
		return ErrTokenExpired
	}
	return nil
}
