package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
)

// Akismet's fixed answers. Clients compare the body byte for byte.
const (
	akismetThanks = "Thanks for making the web a better place."
	akismetSpam   = "true"
	akismetHam    = "false"
	akismetValid  = "valid"
	akismetBad    = "invalid"
)

// Akismet's documented test values.
const (
	akismetTestAuthor = "viagra-test-123"
	akismetTestEmail  = "akismet-guaranteed-spam@example.com"
	akismetAdminRole  = "administrator"
)

// akismetMaxBody bounds a request body. WordPress sends the comment and all
// the request's server variables, a few kilobytes; a comment is at most
// 5,000 characters.
const akismetMaxBody = 256 << 10

// AkismetOptions configure the Akismet-compatible handler.
type AkismetOptions struct {
	// Classifier judges comments and learns from submit-spam/submit-ham.
	// Required.
	Classifier *spam.Classifier
	// Authenticate returns nil when key is one of the site's API keys. Nil
	// refuses every key.
	Authenticate func(ctx context.Context, key string) error
	// Usage counts comment-check calls per key and month; nil counts in
	// memory (lost at restart).
	Usage AkismetUsage
	// Limit is the monthly number of calls usage-limit reports; 0 is
	// "none". Kiosque does not refuse calls over it.
	Limit int
	// Logger receives one line per refused key or bad request, without
	// keys, addresses or comment text. Nil discards.
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// AkismetUsage counts API calls per key and calendar month (UTC).
type AkismetUsage interface {
	// AddCall counts one call by key at t.
	AddCall(ctx context.Context, key string, t time.Time) error
	// Calls returns the calls by key in t's month; 0 when there were none.
	Calls(ctx context.Context, key string, t time.Time) (int, error)
}

// akismet serves the Akismet REST API (https://akismet.com/developers/)
// with the site's own filter, so an Akismet client pointed at Kiosque works
// unchanged.
type akismet struct {
	opts AkismetOptions
	log  *slog.Logger
}

// NewAkismet returns the handler of /1.1/verify-key, /1.1/comment-check,
// /1.1/submit-spam, /1.1/submit-ham and /1.2/usage-limit, to be mounted at
// the site's root (or on a host of its own). It panics without a
// Classifier, a programming error found at start.
func NewAkismet(opts AkismetOptions) http.Handler {
	if opts.Classifier == nil {
		panic("api: NewAkismet without a Classifier")
	}
	if opts.Authenticate == nil {
		opts.Authenticate = func(context.Context, string) error { return errors.New("no API keys configured") }
	}
	if opts.Usage == nil {
		opts.Usage = &memoryUsage{calls: map[string]int{}}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &akismet{opts: opts, log: log.With("component", "akismet")}
	mux := http.NewServeMux()
	mux.Handle("POST /1.1/verify-key", a.handle(a.verifyKey))
	mux.Handle("POST /1.1/comment-check", a.handle(a.commentCheck))
	mux.Handle("POST /1.1/submit-spam", a.handle(a.submit(true)))
	mux.Handle("POST /1.1/submit-ham", a.handle(a.submit(false)))
	mux.Handle("GET /1.2/usage-limit", a.handle(a.usageLimit))
	mux.Handle("POST /1.2/usage-limit", a.handle(a.usageLimit))
	return mux
}

// akismetError is a refused call: Akismet answers "invalid" with a reason
// in X-akismet-debug-help, and status 200.
type akismetError struct{ help string }

func (e *akismetError) Error() string { return "akismet: " + e.help }

func refuse(format string, args ...any) error {
	return &akismetError{help: fmt.Sprintf(format, args...)}
}

// handle adapts a handler returning error: a refusal becomes Akismet's
// "invalid" answer, an unreachable database a 503 with Retry-After (Akismet
// clients keep the comment and ask again later), anything else a 500.
func (a *akismet) handle(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		r.Body = http.MaxBytesReader(w, r.Body, akismetMaxBody)
		err := h(w, r)
		if err == nil {
			return
		}
		var refused *akismetError
		if errors.As(err, &refused) {
			a.log.InfoContext(r.Context(), "call refused", "path", r.URL.Path, "reason", refused.help)
			w.Header().Set("X-akismet-debug-help", refused.help)
			writeText(w, akismetBad)
			return
		}
		if store.Unavailable(err) {
			a.log.WarnContext(r.Context(), "database unavailable", "path", r.URL.Path, "err", err)
			w.Header().Set("Retry-After", strconv.Itoa(int(store.RetryAfter.Seconds())))
			http.Error(w, "service unavailable", http.StatusServiceUnavailable)
			return
		}
		a.log.ErrorContext(r.Context(), "call failed", "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	})
}

func writeText(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(body)) // a client that went away needs no answer
}

// akismetCall is the parsed form of an API call.
type akismetCall struct {
	key     string
	blog    string
	isTest  bool
	role    string
	comment spam.Comment
}

// parseAkismet reads a call's form (URL-encoded as Akismet documents,
// multipart as some HTTP libraries send, or in the query). The key comes from api_key, or from
// the legacy key parameter, or from the legacy "{key}.host" subdomain.
// Values are made valid UTF-8: a blog_charset other than UTF-8 is read as
// Latin-1, the charset of the old clients that still send one.
func parseAkismet(r *http.Request) (akismetCall, error) {
	parse := r.ParseForm
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		parse = func() error { return r.ParseMultipartForm(akismetMaxBody) }
	}
	if err := parse(); err != nil {
		return akismetCall{}, refuse("Could not read the request: %s", parseProblem(err))
	}
	f := r.Form
	latin1 := !strings.EqualFold(strings.TrimSpace(f.Get("blog_charset")), "utf-8") && f.Get("blog_charset") != ""
	get := func(name string) string { return text(f.Get(name), latin1) }
	c := akismetCall{
		key:    strings.TrimSpace(f.Get("api_key")),
		blog:   strings.TrimSpace(get("blog")),
		isTest: isTrue(f.Get("is_test")),
		role:   strings.ToLower(strings.TrimSpace(get("user_role"))),
		comment: spam.Comment{
			ArticleID: get("permalink"),
			Content:   get("comment_content"),
			Author:    get("comment_author"),
			Email:     get("comment_author_email"),
			URL:       get("comment_author_url"),
			IP:        strings.TrimSpace(get("user_ip")),
			UserAgent: get("user_agent"),
		},
	}
	if hp := f.Get("honeypot_field_name"); hp != "" {
		c.comment.Honeypot = get(hp)
	}
	if c.key == "" {
		c.key = strings.TrimSpace(f.Get("key"))
	}
	if c.key == "" {
		c.key = subdomainKey(r.Host)
	}
	return c, nil
}

func parseProblem(err error) string {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return "body too large"
	}
	return "malformed form"
}

// text makes a form value valid UTF-8.
func text(s string, latin1 bool) string {
	if utf8.ValidString(s) {
		return s
	}
	if !latin1 {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	r := make([]rune, len(s))
	for i := range len(s) {
		r[i] = rune(s[i])
	}
	return string(r)
}

func isTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// subdomainKey returns the first label of a host of three labels or more
// ("abc123.api.example.org" → "abc123"), or "" for an IP address or a
// shorter host.
func subdomainKey(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if net.ParseIP(host) != nil || strings.Count(host, ".") < 2 {
		return ""
	}
	label, _, _ := strings.Cut(host, ".")
	if label == "www" {
		return ""
	}
	return label
}

// authenticate checks the call's key.
func (a *akismet) authenticate(ctx context.Context, c akismetCall) error {
	if c.key == "" {
		return refuse(`Empty "api_key" value`)
	}
	if err := a.opts.Authenticate(ctx, c.key); err != nil {
		if store.Unavailable(err) {
			// Not the key's fault: a client told "invalid" may disable itself.
			return fmt.Errorf("akismet: check key: %w", err)
		}
		return refuse("Invalid API key. Create a key in Kiosque with \"kiosque apikey add NAME\".")
	}
	return nil
}

// verifyKey answers "valid" or "invalid" for api_key (or key) and blog.
func (a *akismet) verifyKey(w http.ResponseWriter, r *http.Request) error {
	c, err := parseAkismet(r)
	if err != nil {
		return err
	}
	if err := a.authenticate(r.Context(), c); err != nil {
		return err
	}
	if c.blog == "" {
		return refuse(`Empty "blog" value`)
	}
	writeText(w, akismetValid)
	return nil
}

// requireComment checks what comment-check, submit-spam and submit-ham
// need beyond the key.
func requireComment(c akismetCall) error {
	if c.blog == "" {
		return refuse(`Empty "blog" value`)
	}
	if c.comment.IP == "" {
		return refuse(`Empty "user_ip" value`)
	}
	return nil
}

// commentCheck answers "true" for spam and "false" for ham, with
// X-akismet-pro-tip: discard for blatant spam and an X-akismet-guid.
func (a *akismet) commentCheck(w http.ResponseWriter, r *http.Request) error {
	c, err := parseAkismet(r)
	if err != nil {
		return err
	}
	if err := a.authenticate(r.Context(), c); err != nil {
		return err
	}
	if err := requireComment(c); err != nil {
		return err
	}
	if err := a.opts.Usage.AddCall(r.Context(), c.key, a.opts.Now()); err != nil {
		return fmt.Errorf("akismet: count call: %w", err)
	}
	w.Header().Set("X-akismet-guid", newGUID())
	isSpam, discard := a.judge(r.Context(), c)
	if discard {
		w.Header().Set("X-akismet-pro-tip", "discard")
	}
	if isSpam {
		writeText(w, akismetSpam)
	} else {
		writeText(w, akismetHam)
	}
	return nil
}

// judge applies Akismet's test values, then the filter. A test call
// (is_test) leaves no trace in the filter's memories.
func (a *akismet) judge(ctx context.Context, c akismetCall) (isSpam, discard bool) {
	switch {
	case c.comment.Author == akismetTestAuthor || strings.EqualFold(c.comment.Email, akismetTestEmail):
		return true, false
	case c.role == akismetAdminRole:
		return false, false
	case c.isTest:
		d := a.opts.Classifier.CheckText(c.comment)
		return d.Spam, d.Discard
	}
	d := a.opts.Classifier.Check(ctx, c.comment)
	if d.RateLimited {
		return true, false // many comments from one address: spam, not blatant
	}
	return d.Spam, d.Discard
}

// submit returns the handler of submit-spam (isSpam) or submit-ham: the
// filter learns the comment unless the call is a test or carries a test
// value, and the answer is always the thanks.
func (a *akismet) submit(isSpam bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := parseAkismet(r)
		if err != nil {
			return err
		}
		if err := a.authenticate(r.Context(), c); err != nil {
			return err
		}
		if err := requireComment(c); err != nil {
			return err
		}
		test := c.isTest || c.comment.Author == akismetTestAuthor ||
			strings.EqualFold(c.comment.Email, akismetTestEmail) || c.role == akismetAdminRole
		if !test && strings.TrimSpace(c.comment.Content) != "" {
			a.opts.Classifier.Learn(c.comment, isSpam)
		}
		writeText(w, akismetThanks)
		return nil
	}
}

// usageLimit answers Akismet's usage JSON for the key's current month.
func (a *akismet) usageLimit(w http.ResponseWriter, r *http.Request) error {
	c, err := parseAkismet(r)
	if err != nil {
		return err
	}
	if err := a.authenticate(r.Context(), c); err != nil {
		return err
	}
	used, err := a.opts.Usage.Calls(r.Context(), c.key, a.opts.Now())
	if err != nil {
		return fmt.Errorf("akismet: read usage: %w", err)
	}
	var body struct {
		Limit      any    `json:"limit"`
		Usage      int    `json:"usage"`
		Percentage string `json:"percentage"`
		Throttled  bool   `json:"throttled"`
	}
	body.Limit, body.Usage, body.Percentage = "none", used, "0.00"
	if a.opts.Limit > 0 {
		body.Limit = a.opts.Limit
		body.Percentage = strconv.FormatFloat(100*float64(used)/float64(a.opts.Limit), 'f', 2, 64)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(body)
}

// newGUID returns a random version 4 UUID.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported systems
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// memoryUsage is the in-process AkismetUsage.
type memoryUsage struct {
	mu    sync.Mutex
	calls map[string]int // month + " " + key → calls
}

func usageKey(key string, t time.Time) string { return t.UTC().Format("2006-01") + " " + key }

func (m *memoryUsage) AddCall(_ context.Context, key string, t time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	month := usageKey("", t)
	for k := range m.calls { // forget past months
		if !strings.HasPrefix(k, month) {
			delete(m.calls, k)
		}
	}
	m.calls[usageKey(key, t)]++
	return nil
}

func (m *memoryUsage) Calls(_ context.Context, key string, t time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[usageKey(key, t)], nil
}
