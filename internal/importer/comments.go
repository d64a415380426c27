package importer

import (
	"context"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/wxr"
)

// CommentStore is what ImportWXR needs to store comments. The SQLite and
// PostgreSQL stores implement it; with a store that does not, comments are
// counted in a warning and left out.
type CommentStore interface {
	store.CommentImporter
	CommentCounts(ctx context.Context, id article.ID) (map[comment.State]int, error)
}

// commentState maps wp:comment_approved.
func commentState(approved string) comment.State {
	switch approved {
	case wxr.CommentApproved:
		return comment.Approved
	case wxr.CommentSpam:
		return comment.Spam
	case wxr.CommentTrash, "post-trashed":
		return comment.Trash
	}
	return comment.Pending
}

// importComments stores the comments of it on a, unless a has comments
// already (an earlier run stored them).
func (r *wxrRun) importComments(ctx context.Context, it *wxr.Item, a *article.Article, fresh bool) error {
	if len(it.Comments) == 0 {
		return nil
	}
	cs, ok := r.st.(CommentStore)
	if !ok {
		r.noCommentStore += len(it.Comments)
		return nil
	}
	if !fresh {
		counts, err := cs.CommentCounts(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("import wxr: %w", err)
		}
		for _, n := range counts {
			if n > 0 {
				return nil
			}
		}
	}
	list := r.threaded(it, a)
	if len(list) == 0 {
		return nil
	}
	if err := cs.ImportComments(ctx, a.ID, list); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil // the article went away meanwhile
		}
		return fmt.Errorf("import wxr: comments of %d: %w", it.PostID, err)
	}
	r.sum.Comments += len(list)
	return nil
}

// threaded converts the comments of it, parents before replies. A reply
// keeps its parent when that parent is approved (readers see only approved
// comments), else moves up to the nearest approved ancestor; past
// comment.MaxLevels it attaches to its parent's parent, as a reply on the
// site would.
func (r *wxrRun) threaded(it *wxr.Item, a *article.Article) []comment.Comment {
	byID := map[int64]*wxr.Comment{}
	for i := range it.Comments {
		c := &it.Comments[i]
		if c.Type == "pingback" || c.Type == "trackback" {
			r.sum.skip(c.Type)
			continue
		}
		byID[c.ID] = c
	}
	type placed struct {
		depth  int
		parent int64
		state  comment.State
	}
	done := map[int64]placed{}
	visiting := map[int64]bool{} // on the current parent chain: a cycle ends there
	var out []comment.Comment
	var place func(c *wxr.Comment)
	place = func(c *wxr.Comment) {
		if _, ok := done[c.ID]; ok {
			return
		}
		visiting[c.ID] = true
		defer delete(visiting, c.ID)
		state := commentState(c.Approved)
		pl := placed{state: state}
		p, ok := byID[c.Parent]
		if ok && !visiting[p.ID] && len(visiting) < 1000 {
			place(p)
			pp := done[p.ID]
			parent, depth := p.ID, pp.depth+1
			for parent != 0 && state == comment.Approved && done[parent].state != comment.Approved {
				parent = done[parent].parent
				depth = done[parent].depth + 1
			}
			if parent != 0 && depth > comment.MaxLevels-1 {
				parent, depth = done[parent].parent, done[parent].depth
			}
			if parent == 0 {
				depth = 0
			}
			pl.parent, pl.depth = parent, depth
		}
		done[c.ID] = pl
		created := c.Date
		if created.IsZero() {
			created, _ = wxr.ParseDate(c.DateLocal) // a bad local date leaves the import time
		}
		if created.IsZero() {
			created = a.PublishedAt
		}
		out = append(out, comment.Comment{
			ID: comment.ID(c.ID), ParentID: comment.ID(pl.parent), Depth: pl.depth,
			AuthorName: clip(strings.TrimSpace(html.UnescapeString(c.Author)), 200), AuthorEmail: c.AuthorEmail,
			AuthorURL: safeURL(c.AuthorURL), Text: commentText(c.Content), IP: c.AuthorIP,
			State: state, CreatedAt: created,
		})
	}
	for i := range it.Comments {
		if c := &it.Comments[i]; byID[c.ID] == c {
			place(c)
		}
	}
	return out
}

var (
	reBreaks = regexp.MustCompile(`(?i)<br\s*/?>|</p>\s*<p[^>]*>`)
	reBlank  = regexp.MustCompile(`\n{3,}`)
)

// commentText turns a WordPress comment (light HTML) into the plain text
// Kiosque keeps: line breaks stay, tags go, entities are decoded.
func commentText(s string) string {
	s = reBreaks.ReplaceAllString(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	s = html.UnescapeString(reTags.ReplaceAllString(s, ""))
	return strings.TrimSpace(reBlank.ReplaceAllString(s, "\n\n"))
}

// safeURL keeps http(s) URLs only.
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if l := strings.ToLower(u); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return u
	}
	return ""
}
