package wxr

import (
	"bufio"
	"errors"
	"io"
	"unicode/utf8"
)

// errHugeMarkup is returned when a single tag or comment (not text) passes
// the field limit: there is no safe way to skip it.
var errHugeMarkup = errors.New("a tag or comment is larger than the field limit")

// guard sits between the input and encoding/xml. It counts the bytes the
// decoder reads for one token and, when a text or CDATA section grows past
// the limit, drops the rest of that section so the decoder sees a cut-off
// field instead of allocating it all. It follows the lexical state (tag,
// comment, CDATA, text) just well enough to know where a section ends.
type guard struct {
	r         *bufio.Reader
	n         int // bytes read since reset
	limit     int
	win       [9]byte // the last bytes passed on, newest last
	inTag     bool
	inComment bool
	inCDATA   bool
	truncated bool   // a section was cut since the flag was last cleared
	pending   []byte // bytes to hand out before reading on
	// raw is set when the document declares another encoding than UTF-8:
	// its bytes then go through a charset decoder and are left alone.
	raw bool
	// cont counts continuation bytes of a checked sequence still to pass.
	cont int
	// repaired counts invalid UTF-8 sequences replaced by U+FFFD.
	repaired int
}

func newGuard(r io.Reader, limit int) *guard {
	return &guard{r: bufio.NewReaderSize(r, 64<<10), limit: limit}
}

func (g *guard) reset() { g.n = 0 }

// Read lets encoding/xml's CharsetReader wrap the guard.
func (g *guard) Read(p []byte) (int, error) {
	for i := range p {
		b, err := g.ReadByte()
		if err != nil {
			if i > 0 {
				return i, nil
			}
			return 0, err
		}
		p[i] = b
	}
	return len(p), nil
}

// ReadByte implements io.ByteReader, which encoding/xml uses directly.
func (g *guard) ReadByte() (byte, error) {
	if len(g.pending) > 0 {
		b := g.pending[0]
		g.pending = g.pending[1:]
		g.track(b)
		return b, nil
	}
	if g.n >= g.limit {
		if err := g.skip(); err != nil {
			return 0, err
		}
		return g.ReadByte()
	}
	b, err := g.r.ReadByte()
	if err != nil {
		return 0, err
	}
	g.n++
	if b >= utf8.RuneSelf && !g.raw && g.cont == 0 {
		if b, err = g.checkRune(b); err != nil {
			return 0, err
		}
	} else if g.cont > 0 {
		g.cont--
	}
	g.track(b)
	return b, nil
}

// checkRune looks at the sequence a non-ASCII byte starts: a valid one
// passes (its continuation bytes are let through), an invalid byte becomes
// U+FFFD, so one bad byte costs a character, not the rest of the file.
func (g *guard) checkRune(b byte) (byte, error) {
	need := 0
	switch {
	case b&0xE0 == 0xC0:
		need = 1
	case b&0xF0 == 0xE0:
		need = 2
	case b&0xF8 == 0xF0:
		need = 3
	}
	if need > 0 {
		next, _ := g.r.Peek(need) // fewer bytes at the end of input: invalid below
		seq := append([]byte{b}, next...)
		if r, size := utf8.DecodeRune(seq); r != utf8.RuneError || size > 1 {
			g.cont = size - 1
			return b, nil
		}
	}
	g.repaired++
	g.pending = append(g.pending[:0], "\uFFFD"[1:]...)
	return "\uFFFD"[0], nil
}

// skip drops the rest of the current text or CDATA section and queues the
// bytes that close it.
func (g *guard) skip() error {
	if g.inTag || g.inComment {
		return errHugeMarkup
	}
	g.truncated = true
	g.n = 0
	if !g.inCDATA {
		for {
			b, err := g.r.ReadByte()
			if err != nil {
				return err
			}
			if b == '<' {
				g.pending = append(g.pending[:0], '<')
				return nil
			}
		}
	}
	var last [2]byte
	for {
		b, err := g.r.ReadByte()
		if err != nil {
			return err
		}
		if b == '>' && last == [2]byte{']', ']'} {
			g.pending = append(g.pending[:0], ']', ']', '>')
			return nil
		}
		last[0], last[1] = last[1], b
	}
}

func (g *guard) track(b byte) {
	copy(g.win[:], g.win[1:])
	g.win[len(g.win)-1] = b
	ends := func(s string) bool { return string(g.win[len(g.win)-len(s):]) == s }
	switch {
	case g.inCDATA:
		if b == '>' && ends("]]>") {
			g.inCDATA = false
		}
	case g.inComment:
		if b == '>' && ends("-->") {
			g.inComment = false
		}
	case g.inTag:
		switch {
		case b == '>':
			g.inTag = false
		case b == '[' && ends("<![CDATA["):
			g.inTag, g.inCDATA = false, true
		case b == '-' && ends("<!--"):
			g.inTag, g.inComment = false, true
		}
	case b == '<':
		g.inTag = true
	}
}
