// Package cache keeps rendered pages for anonymous readers in memory, so a
// page under a traffic spike is served at close to the speed of a static
// file: bounded by bytes (least recently used out first), gzip and Brotli
// variants prepared once per entry, ETag and Last-Modified with 304 answers,
// one render for a burst of requests for the same missing page, and purges
// by tag when content changes.
package cache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
	"golang.org/x/sync/singleflight"
)

// Options configure a Cache. Zero fields take the defaults shown.
type Options struct {
	MaxBytes int64         // memory bound for bodies and their variants; 64 MiB
	TTL      time.Duration // an entry is rendered again after this; 5 minutes
	// CacheControl is sent with cached pages unless the handler set its
	// own; "public, max-age=60, stale-while-revalidate=600".
	CacheControl string
	// BypassCookies: a request carrying any of these cookies (a logged-in
	// editor, a remembered commenter) is never served from, nor stored in,
	// the cache.
	BypassCookies []string
	Now           func() time.Time
}

// Cache is a page cache; its methods are safe for concurrent use.
type Cache struct {
	opt     Options
	mu      sync.Mutex
	size    int64
	lru     *list.List // of *entry, most recent first
	entries map[string]*list.Element
	byTag   map[string]map[string]bool // tag → keys
	gen     uint64                     // bumped by every purge, so a render that raced a purge is not stored
	flight  singleflight.Group

	hits, misses atomic.Int64
}

type entry struct {
	key      string
	status   int
	body     []byte
	gzip     []byte
	br       []byte
	etag     string
	modified time.Time
	expires  time.Time
	tags     []string
	// The header fields of each answer, prepared once so that a hit copies
	// slices instead of formatting values: the handler's fields with the
	// validators, Vary and Content-Length, for the plain, gzip and Brotli
	// bodies, and for a 304.
	plain, gzHeader, brHeader, notMod []field
	// The whole answer of each encoding as first sent (wire.go).
	wires wires
}

// field is one header field. Its values are shared by every answer made
// from the entry: nothing may change them in place (Header.Set and Add
// replace or copy them, and that is all net/http and our middleware do).
type field struct {
	key    string
	values []string
}

func (e *entry) size() int64 {
	return int64(len(e.body)+len(e.gzip)+len(e.br)+len(e.key)) + 512
}

// prepareHeaders fills the entry's header fields from the handler's
// header h and cacheControl (used when h has none).
func (e *entry) prepareHeaders(h http.Header, cacheControl string) {
	var common []field
	for k, v := range h {
		switch k {
		case "Content-Length", "Content-Encoding", "Etag", "Last-Modified", "Vary":
			continue
		}
		common = append(common, field{k, slices.Clip(slices.Clone(v))})
	}
	if len(h["Cache-Control"]) == 0 {
		common = append(common, field{"Cache-Control", []string{cacheControl}})
	}
	vary := slices.Clip(append(slices.Clone(h["Vary"]), "Accept-Encoding"))
	common = append(common,
		field{"Etag", []string{e.etag}},
		field{"Last-Modified", []string{e.modified.Format(http.TimeFormat)}},
		field{"Vary", vary})
	with := func(body []byte, encoding string) []field {
		fs := append(slices.Clone(common), field{"Content-Length", []string{strconv.Itoa(len(body))}})
		if encoding != "" {
			fs = append(fs, field{"Content-Encoding", []string{encoding}})
		}
		return fs
	}
	e.plain = with(e.body, "")
	if e.gzip != nil {
		e.gzHeader, e.brHeader = with(e.gzip, "gzip"), with(e.br, "br")
	}
	for _, f := range common {
		if f.key != "Content-Type" {
			e.notMod = append(e.notMod, f)
		}
	}
}

// New returns an empty cache.
func New(opt Options) *Cache {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 64 << 20
	}
	if opt.TTL <= 0 {
		opt.TTL = 5 * time.Minute
	}
	if opt.CacheControl == "" {
		opt.CacheControl = "public, max-age=60, stale-while-revalidate=600"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Cache{opt: opt, lru: list.New(), entries: map[string]*list.Element{}, byTag: map[string]map[string]bool{}}
}

type tagsKey struct{}

type tagSet struct {
	mu   sync.Mutex
	tags []string
}

// Tag declares, from inside a handler, what the page being rendered shows
// ("article:12", "lists"…): a later Purge of any of these tags drops it.
// Outside a cached request it does nothing.
func Tag(ctx context.Context, tags ...string) {
	if ts, ok := ctx.Value(tagsKey{}).(*tagSet); ok {
		ts.mu.Lock()
		ts.tags = append(ts.tags, tags...)
		ts.mu.Unlock()
	}
}

// Purge drops every page tagged with any of tags.
func (c *Cache) Purge(tags ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, t := range tags {
		for key := range c.byTag[t] {
			if el, ok := c.entries[key]; ok {
				c.remove(el)
			}
		}
	}
}

// PurgeAll empties the cache (settings changed, a node reconnected…).
func (c *Cache) PurgeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.lru.Init()
	c.entries = map[string]*list.Element{}
	c.byTag = map[string]map[string]bool{}
	c.size = 0
}

// Stats are counters for /metrics.
type Stats struct {
	Hits, Misses int64
	Entries      int
	Bytes        int64
}

// Stats returns the current counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: len(c.entries), Bytes: c.size}
}

func (c *Cache) remove(el *list.Element) {
	e := el.Value.(*entry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	for _, t := range e.tags {
		delete(c.byTag[t], e.key)
		if len(c.byTag[t]) == 0 {
			delete(c.byTag, t)
		}
	}
	c.size -= e.size()
}

// get returns the entry of key, and whether it is still fresh. An expired
// entry stays (until purged or evicted) so that it can stand in for a page
// that cannot be rendered while the database is away (stale-if-error).
func (c *Cache) get(key []byte) (e *entry, fresh bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[string(key)]
	if !ok {
		return nil, false
	}
	e = el.Value.(*entry)
	if c.opt.Now().After(e.expires) {
		return e, false
	}
	c.lru.MoveToFront(el)
	return e, true
}

// put stores e unless a purge happened since gen was read.
func (c *Cache) put(e *entry, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || e.size() > c.opt.MaxBytes/4 {
		return
	}
	if el, ok := c.entries[e.key]; ok {
		c.remove(el)
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.size += e.size()
	for _, t := range e.tags {
		if c.byTag[t] == nil {
			c.byTag[t] = map[string]bool{}
		}
		c.byTag[t][e.key] = true
	}
	for c.size > c.opt.MaxBytes {
		c.remove(c.lru.Back())
	}
}

// Middleware serves GET and HEAD requests from the cache and stores the
// 200 answers of next that may be shared (no Set-Cookie, not private).
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || c.bypass(r) {
			w.Header().Set("Cache-Control", "private, no-store")
			next.ServeHTTP(w, r)
			return
		}
		var buf [256]byte
		k := appendKey(buf[:0], r)
		stale, fresh := c.get(k)
		if fresh {
			c.hits.Add(1)
			serve(w, r, stale)
			return
		}
		c.misses.Add(1)
		key := string(k)
		v, _, shared := c.flight.Do(key, func() (any, error) {
			return c.render(next, r, key), nil
		})
		res := v.(*rendered)
		if shared && !res.shareable {
			// Another request's private answer: render our own.
			res = c.render(next, r, key)
		}
		if res.entry != nil {
			serve(w, r, res.entry)
			return
		}
		if stale != nil && res.rec.status == http.StatusServiceUnavailable {
			// The page cannot be made now (database unavailable): the
			// last good one is better than an error.
			serve(w, r, stale)
			return
		}
		res.rec.writeTo(w)
	})
}

// appendKey appends the cache key of r to b: r.Host + r.URL.RequestURI(),
// without allocating in the common case.
func appendKey(b []byte, r *http.Request) []byte {
	b = append(b, r.Host...)
	u := r.URL
	if u.Opaque != "" {
		return append(b, u.RequestURI()...)
	}
	if p := u.EscapedPath(); p != "" {
		b = append(b, p...)
	} else {
		b = append(b, '/')
	}
	if u.ForceQuery || u.RawQuery != "" {
		b = append(b, '?')
		b = append(b, u.RawQuery...)
	}
	return b
}

func (c *Cache) bypass(r *http.Request) bool {
	if len(c.opt.BypassCookies) == 0 {
		return false
	}
	cookies := strings.Join(r.Header["Cookie"], ";") // no copy for the usual single line
	for _, name := range c.opt.BypassCookies {
		if !strings.Contains(cookies, name) {
			continue // parsing the cookies costs more than this look
		}
		if _, err := r.Cookie(name); err == nil {
			return true
		}
	}
	return false
}

type rendered struct {
	entry     *entry    // the cacheable answer, or nil
	rec       *recorder // the raw answer when not cacheable
	shareable bool
}

func (c *Cache) render(next http.Handler, r *http.Request, key string) *rendered {
	c.mu.Lock()
	gen := c.gen
	c.mu.Unlock()
	ts := &tagSet{}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	// A HEAD request must still produce the body we store.
	r2 := r.WithContext(context.WithValue(r.Context(), tagsKey{}, ts))
	if r.Method == http.MethodHead {
		r2.Method = http.MethodGet
	}
	next.ServeHTTP(rec, r2)
	h := rec.header
	cc := h.Get("Cache-Control")
	shareable := h.Get("Set-Cookie") == "" && !strings.Contains(cc, "private") && !strings.Contains(cc, "no-store")
	if rec.status != http.StatusOK || !shareable {
		return &rendered{rec: rec, shareable: shareable && rec.status < 500}
	}
	now := c.opt.Now()
	e := &entry{key: key, status: rec.status, body: rec.body.Bytes(), modified: now.UTC().Truncate(time.Second), expires: now.Add(c.opt.TTL)}
	ts.mu.Lock()
	e.tags = append([]string(nil), ts.tags...)
	ts.mu.Unlock()
	if lm, err := http.ParseTime(h.Get("Last-Modified")); err == nil {
		e.modified = lm
	}
	sum := sha256.Sum256(e.body)
	e.etag = `"` + hex.EncodeToString(sum[:10]) + `"`
	if compressible(h.Get("Content-Type")) && len(e.body) > 512 {
		e.gzip, e.br = compress(e.body)
	}
	e.prepareHeaders(h, c.opt.CacheControl)
	c.put(e, gen)
	return &rendered{entry: e, shareable: true}
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml") || strings.Contains(ct, "json") || strings.Contains(ct, "javascript")
}

func compress(body []byte) (gz, br []byte) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression) // the level is valid
	zw.Write(body)
	zw.Close()
	gz = bytes.Clone(b.Bytes())
	b.Reset()
	bw := brotli.NewWriterLevel(&b, 5)
	bw.Write(body)
	bw.Close()
	return gz, bytes.Clone(b.Bytes())
}

// serve writes a cached entry, answering 304 to a matching conditional
// request and choosing the best encoding the client accepts.
func serve(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	if notModified(r, e) {
		setFields(h, e.notMod)
		h.Del("Content-Type")
		h.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	enc, body := e.encoding(r.Header.Get("Accept-Encoding"))
	fields := [bodies][]field{e.plain, e.gzHeader, e.brHeader}[enc]
	setFields(h, fields)
	if r.TLS == nil { // the fast path serves plain TCP only
		e.capture(enc, h)
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// setFields sets the prepared fields on h, sharing their values. A Vary
// set before (by a middleware in front) is kept.
func setFields(h http.Header, fields []field) {
	for _, f := range fields {
		if f.key == "Vary" && len(h["Vary"]) > 0 {
			h["Vary"] = append(slices.Clone(h["Vary"]), f.values...)
			continue
		}
		h[f.key] = f.values
	}
}

func notModified(r *http.Request, e *entry) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for inm != "" {
			var t string
			t, inm, _ = strings.Cut(inm, ",")
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == e.etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil {
			return !e.modified.After(t)
		}
	}
	return false
}

// acceptEncoding picks "br", "gzip" or "" from an Accept-Encoding header,
// honouring q=0 refusals.
func acceptEncoding(header string) string {
	var br, gz bool
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q := strings.ReplaceAll(params, " ", ""); q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = true
		case "gzip", "x-gzip":
			gz = true
		}
	}
	switch {
	case br:
		return "br"
	case gz:
		return "gzip"
	}
	return ""
}

// recorder captures a handler's answer.
type recorder struct {
	header      http.Header
	status      int
	body        bytes.Buffer
	wroteHeader bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wroteHeader = true
	return r.body.Write(p)
}

func (r *recorder) writeTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
