package web

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
)

type ctxKey int

const requestIDKey ctxKey = iota

// requestInfo is what RequestLog.Wrap puts in the request's context.
type requestInfo struct{ id string }

// requestID returns the id that RequestLog.Wrap gave the request, or "".
func requestID(ctx context.Context) string {
	if ri, ok := ctx.Value(requestIDKey).(*requestInfo); ok {
		return ri.id
	}
	return ""
}

// Request ids are a random number drawn at start plus a counter: unique
// within the process, unlikely to repeat across nodes and restarts, and
// with no system call per request.
var (
	requestIDBase  = randomUint64()
	requestIDCount atomic.Uint64
)

func randomUint64() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return binary.LittleEndian.Uint64(b[:])
}

// NewRequestID returns a new request id: 16 hex digits.
func NewRequestID() string {
	const digits = "0123456789abcdef"
	n := requestIDBase + requestIDCount.Add(1)
	var b [16]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = digits[n&15]
		n >>= 4
	}
	return string(b[:])
}

// statusWriter remembers the status and size of a response for the log.
// It also holds, so that one allocation serves all three, the request's
// id, its context value and its X-Request-Id header value.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	info   requestInfo
	header [1]string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// RequestLog writes the access log of a node and tells its metrics
// about every request answered, whether the full stack (Wrap) or the fast
// path for cached pages (Log, from package fastpath) answered it. It logs
// neither the client's IP nor the query string, which may hold what a
// reader searched for.
type RequestLog struct {
	Logger *slog.Logger // nil: no log lines
	// Observe, when set, counts each request (package metrics).
	Observe func(path string, status int, took time.Duration)
}

// Wrap gives each request an id (also sent as X-Request-Id), and logs and
// counts it when it ends. The public site has it already; serve puts it in
// front of the newsroom, the media and the APIs.
func (l RequestLog) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		sw.info.id = NewRequestID()
		sw.header[0] = sw.info.id
		w.Header()["X-Request-Id"] = sw.header[:]
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestIDKey, &sw.info)))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		l.Log(r.Context(), sw.info.id, r.Method, r.URL.Path, sw.status, sw.bytes, time.Since(start))
	})
}

// Log counts one answered request and writes its access-log line: at
// Info, at Warn for a server error.
func (l RequestLog) Log(ctx context.Context, id, method, path string, status, bytes int, took time.Duration) {
	if l.Observe != nil {
		l.Observe(path, status, took)
	}
	if l.Logger == nil {
		return
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelWarn
	}
	if !l.Logger.Enabled(ctx, level) {
		return // spare building the attributes
	}
	l.Logger.LogAttrs(ctx, level, "request",
		slog.String("request_id", id),
		slog.String("method", method),
		slog.String("path", path),
		slog.Int("status", status),
		slog.Int("bytes", bytes),
		slog.Duration("duration", took),
	)
}

// recoverPanic turns a panic in a handler into a logged 500 page, so one bad
// request never takes the server down.
func (h *handler) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the server's own way to abort a response
			}
			h.fail(w, r, fmt.Errorf("web: panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

// ContentSecurityPolicy is sent with every page. The pages have no script
// and no inline style at all; images may be data: URLs (placeholders) or
// come over HTTPS from elsewhere (featured images of imported WordPress
// posts stay on their old host until downloaded): an image cannot run
// code, and the newsroom's own policy allows the same.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; " +
	"script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// StrictTransportSecurity is sent when the site is served over HTTPS: a
// year, subdomains included (browsers then refuse plain HTTP to it).
const StrictTransportSecurity = "max-age=31536000; includeSubDomains"

// securityFields are the headers that make browsers stricter with our
// pages. Their values are shared by every response (set, never changed in
// place), which spares four allocations per request.
var securityFields = []struct {
	key    string
	values []string
}{
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Content-Security-Policy", []string{ContentSecurityPolicy}},
}

var hstsValues = []string{StrictTransportSecurity}

// securityHeaders sets securityFields on every response; with hsts
// (--base-url is https), also Strict-Transport-Security. A request that
// came over TLS gets it too, and so does a site whose site.base_url
// setting is https (adsPolicy, which reads the settings).
func securityHeaders(hsts bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, f := range securityFields {
			h[f.key] = f.values
		}
		if hsts || r.TLS != nil {
			h["Strict-Transport-Security"] = hstsValues
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps the size of request bodies; reading past the limit fails
// with *http.MaxBytesError, which the error adapter turns into a 413.
// Requests without a body (most GETs) are left alone.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		next.ServeHTTP(w, r)
	})
}

// fallbackPage is the Page of an error page shown when the database cannot
// be read: the settings last read (default ones if none), no navigation.
func (h *handler) fallbackPage(r *http.Request) Page {
	s := site.Defaults()
	if last := h.lastSite.Load(); last != nil {
		s = *last
	}
	if h.baseURL != "" {
		s.BaseURL = h.baseURL
	}
	lang := s.Lang
	if !h.msgs.Supported(lang) {
		lang = i18n.Languages[0]
	}
	return Page{
		Site: s, Lang: lang, Canonical: s.URL(r.URL.Path), OGType: "website",
		Now: h.now(), msgs: h.msgs, loc: s.Location(), css: h.views.css.url, icon: h.views.icon.url,
	}
}
