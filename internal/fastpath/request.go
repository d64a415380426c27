package fastpath

import "bytes"

// request is what the fast path reads of a request head.
type request struct {
	head       bool   // HEAD rather than GET
	host       []byte // the Host field
	target     []byte // the request target: /path?query
	acceptEnc  []byte // the first Accept-Encoding field
	close      bool   // Connection: close
	hasCookies bool   // a Cookie field names a bypass cookie
}

// parse reads the request head b (up to and including the blank line) of
// a request the fast path may answer. ok is false for anything else,
// which net/http then reads and answers as it would any request: methods
// other than GET and HEAD, HTTP versions other than 1.1, request bodies,
// conditional and range requests, upgrades, targets that need decoding or
// cleaning, and every request that is not plainly well-formed. The
// returned slices point into b.
func parse(b []byte, bypass []string) (req request, ok bool) {
	line, rest, found := bytes.Cut(b, crlf)
	if !found {
		return req, false
	}
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		line = line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		req.head, line = true, line[5:]
	default:
		return req, false
	}
	target, version, found := bytes.Cut(line, []byte(" "))
	if !found || string(version) != "HTTP/1.1" || !simpleTarget(target) {
		return req, false
	}
	req.target = target
	hosts := 0
	for {
		line, rest, found = bytes.Cut(rest, crlf)
		if !found {
			return req, false
		}
		if len(line) == 0 {
			break // the blank line ending the head
		}
		name, value, found := bytes.Cut(line, []byte(":"))
		if !found || !token(name) || !fieldValue(value) {
			return req, false
		}
		value = bytes.Trim(value, " \t")
		switch {
		case equalFold(name, "host"):
			hosts++
			req.host = value
		case equalFold(name, "accept-encoding"):
			if req.acceptEnc == nil {
				req.acceptEnc = value // net/http's Header.Get takes the first
			}
		case equalFold(name, "connection"):
			for tok := range bytes.SplitSeq(value, []byte(",")) {
				tok = bytes.Trim(tok, " \t")
				if len(tok) == 0 {
					continue // "Connection:" empty, as nginx sends to a keep-alive upstream
				}
				if equalFold(tok, "close") {
					req.close = true
				} else if !equalFold(tok, "keep-alive") {
					return req, false // upgrades and the like
				}
			}
		case equalFold(name, "cookie"):
			for _, c := range bypass {
				if bytes.Contains(value, []byte(c)) {
					req.hasCookies = true
				}
			}
		case equalFold(name, "content-length"), equalFold(name, "transfer-encoding"),
			equalFold(name, "expect"), equalFold(name, "upgrade"),
			equalFold(name, "if-none-match"), equalFold(name, "if-modified-since"),
			equalFold(name, "if-match"), equalFold(name, "if-unmodified-since"),
			equalFold(name, "if-range"), equalFold(name, "range"):
			return req, false
		}
	}
	if hosts != 1 || len(req.host) == 0 || req.hasCookies || len(rest) != 0 {
		return req, false
	}
	return req, true
}

var crlf = []byte("\r\n")

// simpleTarget reports whether t is an origin-form target whose path needs
// neither decoding nor cleaning (so that the cache key built from it is
// the one net/http's parsed URL gives) and is not the home page with a
// query (which may be an old WordPress address to redirect).
func simpleTarget(t []byte) bool {
	path, query, hasQuery := bytes.Cut(t, []byte("?"))
	if len(path) == 0 || path[0] != '/' || (hasQuery && len(path) == 1) {
		return false
	}
	for _, c := range path {
		if !pathByte(c) {
			return false
		}
	}
	if bytes.Contains(path, []byte("//")) || bytes.Contains(path, []byte("/./")) || bytes.Contains(path, []byte("/../")) ||
		bytes.HasSuffix(path, []byte("/.")) || bytes.HasSuffix(path, []byte("/..")) {
		return false
	}
	for _, c := range query {
		if c <= ' ' || c >= 0x7f || c == '#' {
			return false
		}
	}
	return true
}

func pathByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~' || c == '/'
}

// token reports whether b is a valid header field name (RFC 9110 token).
func token(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !tokenByte(c) {
			return false
		}
	}
	return true
}

func tokenByte(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// fieldValue reports whether b holds only what a field value may: visible
// ASCII, spaces and tabs (anything else goes to net/http to judge).
func fieldValue(b []byte) bool {
	for _, c := range b {
		if (c < ' ' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}

// equalFold compares an ASCII field name or token with a lower-case one.
func equalFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
