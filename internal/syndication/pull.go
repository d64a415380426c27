package syndication

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// Store is what syndication reads and writes.
type Store interface {
	store.Articles
	store.Syndication
}

// Puller takes new items from feed sources and stores them as articles.
type Puller struct {
	Store  Store
	Client *http.Client // NewClient() when nil
	// Translator translates sources marked for it; nil means translation
	// is off, and such sources report ErrNoTranslator.
	Translator Translator
	Now        func() time.Time // time.Now when nil
	Logger     *slog.Logger
}

// Result says what one pull did. Problems are one line each.
type Result struct {
	NotModified bool
	New         int // articles created
	Seen        int // same GUID or URL as an earlier item
	NearDup     int // nearly the same text as a recent item
	Problems    []string
}

// Line is a one-line summary of r.
func (r *Result) Line() string {
	if r.NotModified {
		return "not modified since the last pull"
	}
	return fmt.Sprintf("%d new articles, %d already seen, %d near-duplicates, %d problems", r.New, r.Seen, r.NearDup, len(r.Problems))
}

// Window of recent items that new ones are compared with for near
// duplicates.
const (
	nearDupWindow = 30 * 24 * time.Hour
	nearDupMax    = 5000
)

func (p *Puller) now() time.Time {
	if p.Now == nil {
		return time.Now().UTC()
	}
	return p.Now().UTC()
}

func (p *Puller) log() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}

// Pull fetches src once and stores its new items, then saves src's poll
// state (validators, time, last error). The error is for a failed fetch or
// a failing database; a bad item is a line in Result.Problems.
func (p *Puller) Pull(ctx context.Context, src *store.FeedSource) (*Result, error) {
	res, err := p.pull(ctx, src)
	src.PolledAt = p.now()
	src.LastError = ""
	if err != nil {
		src.LastError = err.Error()
	} else if len(res.Problems) > 0 {
		src.LastError = res.Problems[len(res.Problems)-1]
	}
	if serr := p.Store.SaveFeedSource(context.WithoutCancel(ctx), src); serr != nil && err == nil {
		err = serr
	}
	return res, err
}

func (p *Puller) pull(ctx context.Context, src *store.FeedSource) (*Result, error) {
	res := &Result{}
	if src.TranslateFrom != "" && p.Translator == nil {
		return res, fmt.Errorf("syndication: %s: %w", src.URL, ErrNoTranslator)
	}
	client := p.Client
	if client == nil {
		client = NewClient()
	}
	f, err := fetch(ctx, client, src.URL, src.ETag, src.LastModified)
	if err != nil {
		return res, fmt.Errorf("syndication: fetch %s: %w", src.URL, err)
	}
	src.ETag, src.LastModified = f.etag, f.lastModified
	if f.notModified {
		res.NotModified = true
		return res, nil
	}
	if t := strings.TrimSpace(plain(f.feed.Title)); t != "" && (src.Name == "" || src.Name == src.URL) {
		src.Name = t // a source added by URL alone takes the feed's title
	}
	known, err := p.Store.RecentFingerprints(ctx, p.now().Add(-nearDupWindow), nearDupMax)
	if err != nil {
		return res, err
	}
	seenHere := map[string]bool{}
	for _, e := range f.feed.Entries {
		if seenHere[e.GUID] { // duplicate GUIDs inside one feed
			res.Seen++
			continue
		}
		seenHere[e.GUID] = true
		fp, err := p.take(ctx, src, e, res, known)
		if err != nil {
			return res, err
		}
		if fp != 0 {
			known = append(known, fp)
		}
	}
	return res, nil
}

// take stores one entry unless it was seen; it returns the fingerprint of
// what it stored.
func (p *Puller) take(ctx context.Context, src *store.FeedSource, e Entry, res *Result, known []uint64) (uint64, error) {
	dbctx := context.WithoutCancel(ctx) // one article is stored whole
	seen, err := p.Store.FeedItemSeen(dbctx, e.GUID, e.Link)
	if err != nil {
		return 0, err
	}
	if seen {
		res.Seen++
		return 0, nil
	}
	body := e.Content
	if strings.TrimSpace(body) == "" {
		body = e.Summary
	}
	// The body decides: agencies retitle their updates.
	fp := Fingerprint(plain(body))
	if fp == 0 {
		fp = Fingerprint(e.Title + " " + plain(body))
	}
	if NearDuplicate(fp, known) {
		res.NearDup++
		return 0, p.Store.SaveFeedItem(dbctx, store.FeedItem{SourceID: src.ID, GUID: e.GUID, URL: e.Link, Fingerprint: fp})
	}
	a, err := p.article(ctx, src, e, body)
	if err != nil {
		res.Problems = append(res.Problems, fmt.Sprintf("%s: %q: %v", src.Name, clip(e.Title, 60), err))
		return 0, nil
	}
	err = p.Store.CreateArticle(dbctx, a)
	switch {
	case errors.Is(err, store.ErrConflict): // stored by an earlier pull that could not record the item
		res.Seen++
	case errors.Is(err, article.ErrInvalid):
		res.Problems = append(res.Problems, fmt.Sprintf("%s: %q: %v", src.Name, clip(e.Title, 60), err))
		return 0, nil
	case err != nil:
		return 0, err
	default:
		res.New++
		p.log().Info("syndicated", "source", src.Name, "article_id", a.ID, "status", a.Status)
	}
	err = p.Store.SaveFeedItem(dbctx, store.FeedItem{SourceID: src.ID, GUID: e.GUID, URL: e.Link, Fingerprint: fp, ArticleID: a.ID})
	if errors.Is(err, store.ErrConflict) {
		err = nil // another node took it at the same moment
	}
	return fp, err
}

// article builds the article of an entry, translating it when src asks.
func (p *Puller) article(ctx context.Context, src *store.FeedSource, e Entry, body string) (*article.Article, error) {
	sum := sha256.Sum256([]byte(e.GUID))
	a := &article.Article{
		ExternalID: "feed:" + hex.EncodeToString(sum[:12]),
		Title:      plain(e.Title),
		Lead:       clip(plain(e.Summary), article.MaxLead),
		Body:       body,
		Lang:       src.Lang,
		Status:     article.Draft,
		Source:     article.Source{Name: src.Name, URL: e.Link},
		Tags:       []article.Tag{},
		Authors:    []article.Author{},
	}
	if a.Lead == plain(body) {
		a.Lead = "" // a feed with only a summary: it is the body
	}
	if !utf8.ValidString(a.Title + a.Body) {
		return nil, errors.New("text is not valid UTF-8")
	}
	if src.TranslateFrom != "" && src.TranslateFrom != src.Lang {
		for _, f := range []*string{&a.Title, &a.Lead, &a.Body} {
			t, err := p.Translator.Translate(ctx, *f, src.TranslateFrom, src.Lang)
			if err != nil {
				return nil, err
			}
			*f = t
		}
		a.Title, a.Lead = plain(a.Title), plain(a.Lead)
		// Machine translation needs a human read: always a draft.
		a.Source.TranslatedFrom = src.TranslateFrom
		return a, a.Validate()
	}
	if src.Publish {
		a.Status, a.PublishedAt = article.Published, p.now().Truncate(time.Second)
		if !e.Published.IsZero() && e.Published.Before(a.PublishedAt) {
			a.PublishedAt = e.Published
		}
	}
	return a, a.Validate()
}

var reTags = regexp.MustCompile(`<[^>]*>`)

// plain turns an HTML fragment into one line of text.
func plain(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(reTags.ReplaceAllString(s, " "))), " ")
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
