package admin

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

const commentsPerPage = 50

type commentRow struct {
	comment.Comment
	Article *article.Article // nil when it is gone
	HTML    template.HTML    // the text as readers would see it
	Reasons []string         // the spam filter's reasons, translated
}

type commentsData struct {
	Page
	State   string
	States  []comment.State
	Counts  map[comment.State]int
	Rows    []commentRow
	PrevURL string
	NextURL string
	PageNum int
}

// commentList is the moderation queue: comments in one state (pending by
// default), newest first, with what the spam filter thought of them.
func (h *Handler) commentList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := &commentsData{Page: h.page(r, "comments"), State: q.Get("state"), States: comment.States}
	d.Title = d.T("admin.nav.comments")
	if !comment.State(d.State).Valid() {
		d.State = string(comment.Pending)
	}
	d.PageNum, _ = strconv.Atoi(q.Get("page")) // unreadable: first page
	d.PageNum = max(d.PageNum, 1)
	list, total, err := h.store.ListComments(ctx, store.CommentFilter{States: []comment.State{comment.State(d.State)},
		Limit: commentsPerPage, Offset: (d.PageNum - 1) * commentsPerPage})
	if err != nil {
		return fmt.Errorf("admin: comments: %w", err)
	}
	if d.Counts, err = h.store.CommentCounts(ctx, 0); err != nil {
		return fmt.Errorf("admin: comments: %w", err)
	}
	articles := map[article.ID]*article.Article{}
	for _, c := range list {
		a, ok := articles[c.ArticleID]
		if !ok {
			a, _ = h.store.Article(ctx, c.ArticleID) // a deleted article shows as missing
			articles[c.ArticleID] = a
		}
		row := commentRow{Comment: c, Article: a, HTML: comment.Format(c.Text)}
		for _, reason := range c.SpamReasons {
			row.Reasons = append(row.Reasons, d.T(reason.Key, reason.Args...))
		}
		d.Rows = append(d.Rows, row)
	}
	page := func(n int) string { return fmt.Sprintf("/admin/comments/?state=%s&page=%d", d.State, n) }
	if d.PageNum > 1 {
		d.PrevURL = page(d.PageNum - 1)
	}
	if d.PageNum*commentsPerPage < total {
		d.NextURL = page(d.PageNum + 1)
	}
	return h.render(w, r, http.StatusOK, "comments", d)
}

// commentModerate moves the ticked comments (ids) to another state (to:
// approved, pending, spam, trash) or deletes them (to: delete). Each move
// is reported through OnModerate, so the spam filter learns from it.
func (h *Handler) commentModerate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	to := r.PostFormValue("to")
	var ids []comment.ID
	for _, s := range r.PostForm["ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, comment.ID(id))
		}
	}
	back := "/admin/comments/?state=" + url.QueryEscape(r.PostFormValue("state"))
	if len(ids) == 0 {
		return h.redirect(w, r, back, "admin.comments.none_selected")
	}
	if to != "delete" && !comment.State(to).Valid() {
		return fmt.Errorf("admin: moderate to %q: %w", to, errBadRequest)
	}
	articles := map[article.ID]bool{}
	for _, id := range ids {
		c, err := h.store.Comment(ctx, id)
		if err != nil {
			continue // deleted meanwhile by another moderator
		}
		articles[c.ArticleID] = true
		if to == "delete" {
			if err := h.store.DeleteComment(ctx, id); err != nil {
				return fmt.Errorf("admin: delete comment %d: %w", id, err)
			}
			continue
		}
		if _, err := h.store.SetCommentState(ctx, comment.State(to), id); err != nil {
			return fmt.Errorf("admin: moderate comment %d: %w", id, err)
		}
		if h.onModerate != nil && c.State != comment.State(to) {
			h.onModerate(ctx, *c, comment.State(to))
		}
	}
	h.audit(ctx, currentUser(r), "comment."+to, fmt.Sprintf("comments:%d", len(ids)), joinIDs(ids))
	for id := range articles {
		h.changed(ctx, Change{Kind: "article", ArticleID: id})
	}
	return h.redirect(w, r, back, "admin.flash.moderated")
}

func joinIDs(ids []comment.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(int64(id), 10)
	}
	return strings.Join(s, ",")
}

type readerData struct {
	Page
	Email    string
	Comments []comment.Comment
	Erased   int
}

// commentReader finds everything kept about one commenter's e-mail (GDPR
// access): shown on the page, or as a JSON download with ?format=json.
func (h *Handler) commentReader(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &readerData{Page: h.page(r, "comments"), Email: user.NormalizeEmail(r.URL.Query().Get("email"))}
	d.Title = d.T("admin.comments.reader")
	if d.Email != "" {
		var err error
		if d.Comments, err = h.store.CommentsByEmail(ctx, d.Email); err != nil {
			return fmt.Errorf("admin: comments by e-mail: %w", err)
		}
	}
	if r.URL.Query().Get("format") == "json" {
		exp := comment.NewExport(d.Email, h.now(), d.Comments)
		for i := range exp.Comments {
			if a, err := h.store.Article(ctx, exp.Comments[i].ArticleID); err == nil {
				exp.Comments[i].ArticleTitle = a.Title
				exp.Comments[i].ArticleURL = info(r).Site.URL("/" + a.Slug + "/")
			}
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="comments-export.json"`)
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(exp)
	}
	return h.render(w, r, http.StatusOK, "reader", d)
}

// commentErase deletes every comment sent with an e-mail (GDPR erasure).
func (h *Handler) commentErase(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email := user.NormalizeEmail(r.PostFormValue("email"))
	if email == "" {
		return fmt.Errorf("admin: erase without e-mail: %w", errBadRequest)
	}
	list, err := h.store.CommentsByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("admin: erase comments: %w", err)
	}
	n, err := h.store.EraseCommentsByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("admin: erase comments: %w", err)
	}
	// The audit log says how many, never whose: the e-mail is what was erased.
	h.audit(ctx, currentUser(r), "comment.erase", fmt.Sprintf("comments:%d", n), "")
	seen := map[article.ID]bool{}
	for _, c := range list {
		if !seen[c.ArticleID] {
			seen[c.ArticleID] = true
			h.changed(ctx, Change{Kind: "article", ArticleID: c.ArticleID})
		}
	}
	return h.redirect(w, r, "/admin/comments/reader", "admin.flash.erased")
}
