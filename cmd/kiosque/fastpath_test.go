package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestFastPathAnswersAsTheFullStack asks the demo site for cached pages on
// new connections, in each encoding, once through net/http and the whole
// middleware stack and once through the fast path. They must be the same
// answer but for Date and the request id.
func TestFastPathAnswersAsTheFullStack(t *testing.T) {
	srv := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "k.db"), "--demo", "--base-url", "https://nouvelles.example")
	addr := hostAddr(srv.base)
	home := rawGet(t, addr, "/", "")
	slug := regexp.MustCompile(`href="/([a-z0-9-]{20,})/"`).FindSubmatch(home.body)
	if slug == nil {
		t.Fatal("no article link on the home page")
	}
	for _, path := range []string{"/" + string(slug[1]) + "/", "/category/international/", "/search?q=asie", "/feed/", "/sitemap.xml"} {
		rawGet(t, addr, path, "gzip") // cached, and the first answer kept for the fast path
		for _, enc := range []string{"", "gzip", "br"} {
			// The fast path leaves requests with a Range field to net/http;
			// the page cache ignores the field.
			first := rawGet(t, addr, path, enc, "Range: bytes=0-")
			second := rawGet(t, addr, path, enc)
			what := fmt.Sprintf("GET %s (%q)", path, enc)
			if first.status != 200 || second.status != 200 || string(first.body) != string(second.body) {
				t.Errorf("%s: %d then %d, bodies of %d and %d bytes", what, first.status, second.status, len(first.body), len(second.body))
			}
			if first.head != second.head {
				t.Errorf("%s: headers differ:\n%s\n%s", what, first.head, second.head)
			}
		}
	}
}

type rawAnswer struct {
	status int
	head   string // the header fields but Date and X-Request-Id, in order
	body   []byte
}

// rawGet sends one GET on a new connection, as a browser asking for enc.
func rawGet(t *testing.T, addr, path, enc string, fields ...string) rawAnswer {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	req := "GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nUser-Agent: test\r\n"
	if enc != "" {
		req += "Accept-Encoding: " + enc + "\r\n"
	}
	for _, f := range fields {
		req += f + "\r\n"
	}
	io.WriteString(c, req+"\r\n")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	res.Header.Del("Date")
	res.Header.Del("X-Request-Id")
	return rawAnswer{status: res.StatusCode, head: fmt.Sprint(res.Header), body: body}
}
