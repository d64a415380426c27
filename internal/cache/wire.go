package cache

import (
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
)

// The wire form of a hit: what the full HTTP stack (net/http and the
// middleware around the cache) sent for an entry, kept so that a server
// reading requests off the socket (package fastpath) can send the same
// bytes again without going through net/http. It is captured from a real
// answer, never built separately, so both ways answer alike.

// Encodings of an entry's body, in the order of entry.wires.
const (
	plainBody = iota
	gzipBody
	brBody
	bodies
)

// wire is one captured answer: the status line and header fields (all but
// Date and X-Request-Id, which are new for every answer), each line ending
// in CRLF but without the blank line that ends the header, and the body.
type wire struct {
	head []byte
	body []byte
}

// wireExcluded are the fields of a captured header that differ between
// answers: the fast path writes its own.
var wireExcluded = map[string]bool{"Date": true, "X-Request-Id": true}

// capture keeps the wire form of every encoding of e from h, the header
// net/http is about to send for the encoding enc, unless already kept. h
// must be the whole header of a 200 answer (the middleware in front having
// set its fields). The answers of the other encodings differ from it only
// by the fields entry.prepareHeaders sets per body: Content-Length and
// Content-Encoding.
func (e *entry) capture(enc int, h http.Header) {
	if e.wires[enc].Load() != nil || e.status != http.StatusOK {
		return
	}
	for k, body := range [bodies][]byte{e.body, e.gzip, e.br} {
		if body == nil {
			continue
		}
		kh := h.Clone()
		delete(kh, "Content-Encoding")
		for _, f := range [bodies][]field{e.plain, e.gzHeader, e.brHeader}[k] {
			if f.key == "Content-Length" || f.key == "Content-Encoding" {
				kh[f.key] = f.values
			}
		}
		e.wires[k].CompareAndSwap(nil, &wire{head: wireHead(kh), body: body})
	}
}

// wireHead is the status line of a 200 and the fields of h but those
// wireExcluded, as net/http writes them.
func wireHead(h http.Header) []byte {
	keys := make([]string, 0, len(h))
	for k := range h {
		if !wireExcluded[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // net/http sends them sorted too
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\n")
	for _, k := range keys {
		for _, v := range h[k] {
			// As net/http writes a value: no line breaks, trimmed.
			v = strings.TrimSpace(strings.NewReplacer("\r", " ", "\n", " ").Replace(v))
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteString("\r\n")
		}
	}
	return []byte(b.String())
}

// WireHit returns the captured answer for the cache key key (host and
// request URI, as the middleware computes it from a request) and the
// request's Accept-Encoding header: the status line and header fields
// (without Date, X-Request-Id and the final blank line) and the body. ok
// is false when the page is not cached, has expired, or has not yet been
// answered once through the middleware: the request must
// then go through net/http, which answers it and captures the answer.
// A hit is counted in Stats.
func (c *Cache) WireHit(key []byte, acceptEnc string) (head, body []byte, ok bool) {
	e, fresh := c.get(key)
	if !fresh { // an expired page goes through net/http (stale-if-error)
		return nil, nil, false
	}
	enc, _ := e.encoding(acceptEnc)
	w := e.wires[enc].Load()
	if w == nil {
		return nil, nil, false
	}
	c.hits.Add(1)
	return w.head, w.body, true
}

// BypassCookies returns the names of the cookies that keep a request away
// from the cache (Options.BypassCookies).
func (c *Cache) BypassCookies() []string { return c.opt.BypassCookies }

// encoding returns which body of e answers a request with the
// Accept-Encoding header acceptEnc, and that body.
func (e *entry) encoding(acceptEnc string) (int, []byte) {
	if e.gzip != nil {
		switch acceptEncoding(acceptEnc) {
		case "br":
			return brBody, e.br
		case "gzip":
			return gzipBody, e.gzip
		}
	}
	return plainBody, e.body
}

// wires is embedded in entry: one captured answer per encoding.
type wires [bodies]atomic.Pointer[wire]
