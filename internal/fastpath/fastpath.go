// Package fastpath answers cached pages straight off the socket. Under a
// traffic spike most requests are anonymous GETs of a few cached pages;
// for those, net/http's request parsing, header maps, contexts and its two
// writes per answer cost more than the page cache itself. A Listener sits
// between the TCP listener and http.Server: it reads each connection's
// requests, answers those the page cache can answer in full with one
// write, and hands the connection, with the bytes it has read, to net/http
// at the first request it cannot answer (which is then net/http's for the
// rest of the connection). What it sends is what the full stack sent for
// the same cache entry (cache.WireHit), plus a fresh Date and request id.
package fastpath

import (
	"bytes"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kiosque/kiosque/internal/cache"
)

// Options configure a Listener.
type Options struct {
	Cache *cache.Cache
	// RequestID returns a new request id, sent as X-Request-Id.
	RequestID func() string
	// Log is told of every answered request, as the access log of the
	// full stack is; nil logs nothing.
	Log func(id, method, path string, status, bytes int, took time.Duration)
	// The timeouts of the http.Server behind, applied the same way.
	ReadHeaderTimeout, IdleTimeout, WriteTimeout time.Duration
}

// Listener is a net.Listener for http.Server.Serve that only returns the
// connections the fast path hands over.
type Listener struct {
	inner   net.Listener
	opt     Options
	handoff chan net.Conn
	done    chan struct{}
	once    sync.Once

	mu    sync.Mutex
	conns map[*conn]struct{}

	served atomic.Int64
}

// Listen starts answering the connections of inner and returns the
// listener to give http.Server.Serve. Closing it (http.Server.Shutdown and
// Close do) stops accepting, closes the idle connections the fast path
// holds and those that finish their current answer.
func Listen(inner net.Listener, opt Options) *Listener {
	if opt.RequestID == nil {
		opt.RequestID = func() string { return "" }
	}
	l := &Listener{inner: inner, opt: opt, handoff: make(chan net.Conn), done: make(chan struct{}), conns: map[*conn]struct{}{}}
	go l.acceptLoop()
	return l
}

// Accept returns the next connection for net/http.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.handoff:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops the listener and the fast path's idle connections.
func (l *Listener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		err = l.inner.Close()
		l.mu.Lock()
		defer l.mu.Unlock()
		for c := range l.conns {
			if c.state.CompareAndSwap(idle, closed) {
				c.Conn.Close()
			}
		}
	})
	return err
}

// Addr is the address listened on.
func (l *Listener) Addr() net.Addr { return l.inner.Addr() }

// Served is how many requests the fast path answered.
func (l *Listener) Served() int64 { return l.served.Load() }

func (l *Listener) acceptLoop() {
	var delay time.Duration
	for {
		c, err := l.inner.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			if temporary(err) {
				// Out of file descriptors and the like: wait, as net/http does.
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			l.Close()
			return
		}
		delay = 0
		fc := &conn{Conn: c, l: l}
		l.mu.Lock()
		select {
		case <-l.done:
			l.mu.Unlock()
			c.Close()
			return
		default:
		}
		l.conns[fc] = struct{}{}
		l.mu.Unlock()
		go fc.serve()
	}
}

// temporary reports whether an accept error may pass (EMFILE…).
func temporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// Connection states.
const (
	idle   = 0 // waiting for a request
	active = 1 // reading or answering one
	closed = 2
)

// conn is a connection the fast path serves.
type conn struct {
	net.Conn
	l     *Listener
	state atomic.Int32
	buf   []byte // read but not yet used
	// lastDeadline is when the idle and write deadlines were last set;
	// headStart when the current request's head began (zero between
	// requests).
	lastDeadline, headStart time.Time
	out                     [][]byte
	hdr                     []byte
}

const bufSize = 8 << 10 // a request head longer than this goes to net/http

func (c *conn) serve() {
	c.buf = make([]byte, 0, bufSize)
	c.headStart = time.Now()
	c.SetReadDeadline(c.headStart.Add(c.l.opt.ReadHeaderTimeout))
	c.SetWriteDeadline(c.headStart.Add(c.l.opt.WriteTimeout))
	for {
		end := bytes.Index(c.buf, []byte("\r\n\r\n"))
		if end < 0 {
			if !c.read() {
				return
			}
			continue
		}
		if !c.state.CompareAndSwap(idle, active) {
			c.drop()
			return
		}
		answered, keep := c.answer(c.buf[:end+4])
		if !answered {
			c.handOff()
			return
		}
		if !keep {
			c.drop()
			return
		}
		c.buf = c.buf[:copy(c.buf, c.buf[end+4:])]
		c.headStart = time.Time{}
		select {
		case <-c.l.done:
			c.drop()
			return
		default:
		}
		if !c.state.CompareAndSwap(active, idle) {
			c.drop()
			return
		}
	}
}

// read reads more of the next request. false when the connection ended
// (closed, timed out, or handed to net/http with what was read). As in
// net/http, a request's head must arrive within ReadHeaderTimeout of its
// first byte (of the connection's start, for the first request), and the
// wait for a next request is bounded by IdleTimeout.
func (c *conn) read() bool {
	now := time.Now()
	switch {
	case len(c.buf) == cap(c.buf): // a head too long for the fast path
		c.handOff()
		return false
	case len(c.buf) > 0 && c.headStart.IsZero(): // a head begun: the rest must come soon
		c.headStart = now
		c.SetReadDeadline(now.Add(c.l.opt.ReadHeaderTimeout))
		c.lastDeadline = time.Time{}
	case len(c.buf) == 0 && now.Sub(c.lastDeadline) > time.Second:
		// Between requests. Moved at most once a second: a deadline
		// costs a timer update.
		c.headStart = time.Time{}
		c.SetReadDeadline(now.Add(c.l.opt.IdleTimeout))
		c.SetWriteDeadline(now.Add(c.l.opt.WriteTimeout))
		c.lastDeadline = now
	}
	n, err := c.Conn.Read(c.buf[len(c.buf):cap(c.buf)])
	c.buf = c.buf[:len(c.buf)+n]
	if err != nil {
		if len(c.buf) > 0 && n > 0 {
			c.handOff() // let net/http judge what came before the end
		} else {
			c.drop()
		}
		return false
	}
	return true
}

// answer answers the request whose head is b when the cache can;
// answered is false (and nothing written) otherwise. keep is false when
// the connection must end after the answer.
func (c *conn) answer(b []byte) (answered, keep bool) {
	start := time.Now()
	req, ok := parse(b, c.l.opt.Cache.BypassCookies())
	if !ok {
		return false, false
	}
	key := make([]byte, 0, 256)
	key = append(append(key, req.host...), req.target...)
	head, body, ok := c.l.opt.Cache.WireHit(key, string(req.acceptEnc))
	if !ok {
		return false, false
	}
	id := c.l.opt.RequestID()
	h := append(c.hdr[:0], head...)
	h = append(h, "Date: "...)
	h = appendDate(h, start)
	if id != "" {
		h = append(append(append(h, "\r\nX-Request-Id: "...), id...), "\r\n"...)
	} else {
		h = append(h, "\r\n"...)
	}
	if req.close {
		h = append(h, "Connection: close\r\n"...)
	}
	h = append(h, "\r\n"...)
	c.hdr = h
	out := append(c.out[:0], h)
	if !req.head {
		out = append(out, body)
	}
	c.out = out
	c.l.served.Add(1) // before the client can read the answer
	bufs := net.Buffers(out)
	_, err := bufs.WriteTo(c.Conn) // one writev
	if c.l.opt.Log != nil {
		method, n := "GET", len(body)
		if req.head {
			method, n = "HEAD", 0
		}
		path, _, _ := bytes.Cut(req.target, []byte("?")) // never the query: it may say what a reader searched for
		c.l.opt.Log(id, method, string(path), 200, n, time.Since(start))
	}
	return true, err == nil && !req.close
}

// handOff gives the connection and what was read of it to net/http.
func (c *conn) handOff() {
	c.forget()
	c.SetDeadline(time.Time{})
	hc := &replayConn{Conn: c.Conn, pending: bytes.Clone(c.buf)}
	select {
	case c.l.handoff <- hc:
	case <-c.l.done:
		c.Conn.Close()
	}
}

// drop closes the connection.
func (c *conn) drop() {
	c.forget()
	c.Conn.Close()
}

func (c *conn) forget() {
	c.l.mu.Lock()
	delete(c.l.conns, c)
	c.l.mu.Unlock()
}

// replayConn is a connection whose first bytes were already read.
type replayConn struct {
	net.Conn
	pending []byte
}

func (r *replayConn) Read(p []byte) (int, error) {
	if len(r.pending) > 0 {
		n := copy(p, r.pending)
		r.pending = r.pending[n:]
		return n, nil
	}
	return r.Conn.Read(p)
}

// The Date field, formatted once a second.
var dateCache atomic.Pointer[dateStamp]

type dateStamp struct {
	sec  int64
	text []byte
}

// appendDate appends t as an HTTP date (RFC 9110, IMF-fixdate).
func appendDate(b []byte, t time.Time) []byte {
	sec := t.Unix()
	if d := dateCache.Load(); d != nil && d.sec == sec {
		return append(b, d.text...)
	}
	text := t.UTC().AppendFormat(nil, "Mon, 02 Jan 2006 15:04:05 GMT")
	dateCache.Store(&dateStamp{sec: sec, text: text})
	return append(b, text...)
}
