package syndication

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Limits of one fetch.
const (
	maxFeedBytes = 10 << 20
	maxRedirects = 5
	fetchTimeout = 30 * time.Second
)

// NewClient returns the HTTP client feeds are fetched with: a timeout and
// at most five redirects, a loop being an error.
func NewClient() *http.Client {
	return &http.Client{
		Timeout: fetchTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return fmt.Errorf("redirect loop at %s", req.URL)
				}
			}
			return nil
		},
	}
}

// fetched is the result of one fetch.
type fetched struct {
	feed         *Feed
	notModified  bool
	etag         string
	lastModified string
}

// errNotFeed wraps answers that are not a feed.
var errNotFeed = errors.New("not a feed")

// fetch gets url, sending the validators of the last answer.
func fetch(ctx context.Context, client *http.Client, url, etag, lastModified string) (*fetched, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "Kiosque (+syndication)")
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := &fetched{etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.notModified, out.etag, out.lastModified = true, etag, lastModified
		return out, nil
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	body := io.LimitReader(resp.Body, maxFeedBytes+1)
	lr := &countingReader{r: body}
	f, err := Parse(lr)
	if lr.n > maxFeedBytes {
		return nil, fmt.Errorf("feed larger than %d MB", maxFeedBytes>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotFeed, err)
	}
	out.feed = f
	return out, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
