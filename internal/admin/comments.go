package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

// commentsPerPage is the length of a page of the moderation queue.
const commentsPerPage = 50

// commentRow is one comment in the moderation queue.
type commentRow struct {
	comment.Comment
	HTML         template.HTML // the text as readers see it
	ArticleTitle string
	ArticleURL   string // public URL of the comment
	ScorePct     int
	Reasons      []string // translated
}

type commentQueueData struct {
	Page
	State     string // filter: a comment.State or "" for all
	ArticleID int64
	Article   string // title of the article filtered on
	States    []comment.State
	Counts    map[comment.State]int
	Rows      []commentRow
	Total     int
	PrevURL   string
	NextURL   string
	Error     string
}

// commentQueue lists comments by state (pending first by default) and
// article, newest first, with the filter's score and reasons.
func (h *Handler) commentQueue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := &commentQueueData{Page: h.page(r, "comments"), States: comment.States, State: string(comment.Pending)}
	d.Title = d.T("comment.admin.title")
	if s, ok := q["state"]; ok {
		d.State = s[0]
		if d.State != "" && !comment.State(d.State).Valid() {
			d.State = string(comment.Pending)
		}
	}
	d.ArticleID, _ = strconv.ParseInt(q.Get("article"), 10, 64) // unreadable: all articles
	page, _ := strconv.Atoi(q.Get("page"))                      // unreadable: first page
	page = max(page, 1)
	f := store.CommentFilter{ArticleID: article.ID(d.ArticleID), Limit: commentsPerPage, Offset: (page - 1) * commentsPerPage}
	if d.State != "" {
		f.States = []comment.State{comment.State(d.State)}
	}
	list, total, err := h.store.ListComments(ctx, f)
	if err != nil {
		return fmt.Errorf("admin: comment queue: %w", err)
	}
	if d.Counts, err = h.store.CommentCounts(ctx, article.ID(d.ArticleID)); err != nil {
		return fmt.Errorf("admin: comment queue: %w", err)
	}
	d.Total = total
	titles := map[article.ID]*article.Article{}
	for _, c := range list {
		a, ok := titles[c.ArticleID]
		if !ok {
			if a, err = h.store.Article(ctx, c.ArticleID); err != nil && !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("admin: comment queue: %w", err)
			}
			titles[c.ArticleID] = a
		}
		d.Rows = append(d.Rows, h.commentRow(d.Page, c, a))
	}
	if a := titles[article.ID(d.ArticleID)]; a != nil {
		d.Article = a.Title
	} else if d.ArticleID != 0 {
		if a, err := h.store.Article(ctx, article.ID(d.ArticleID)); err == nil {
			d.Article = a.Title
		}
	}
	link := func(p int) string {
		v := url.Values{"state": {d.State}, "page": {strconv.Itoa(p)}}
		if d.ArticleID != 0 {
			v.Set("article", strconv.FormatInt(d.ArticleID, 10))
		}
		return "/admin/comments/?" + v.Encode()
	}
	if page > 1 {
		d.PrevURL = link(page - 1)
	}
	if page*commentsPerPage < total {
		d.NextURL = link(page + 1)
	}
	return h.render(w, r, http.StatusOK, "comments", d)
}

func (h *Handler) commentRow(p Page, c comment.Comment, a *article.Article) commentRow {
	row := commentRow{Comment: c, HTML: comment.Format(c.Text), ScorePct: int(c.SpamScore*100 + 0.5)}
	for _, rs := range c.SpamReasons {
		row.Reasons = append(row.Reasons, p.T(rs.Key, rs.Args...))
	}
	if a != nil {
		row.ArticleTitle = a.Title
		row.ArticleURL = "/" + a.Slug + "/#comment-" + strconv.FormatInt(int64(c.ID), 10)
	}
	return row
}

// commentActions maps a moderation action to the state it sets.
var commentActions = map[string]comment.State{
	"approve": comment.Approved,
	"unspam":  comment.Approved, // "not spam": published, and learned as ham
	"spam":    comment.Spam,
	"trash":   comment.Trash,
	"pending": comment.Pending,
}

// commentModerate applies one action to one comment (a row's button,
// name="row" value="ID:action") or to the ticked comments (name="ids",
// name="action"). Every move is reported through OnModerate, so the spam
// filter learns from it (to spam: spam; to approved, "not spam" included:
// ham). Every affected article's pages are purged.
func (h *Handler) commentModerate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	action := r.PostFormValue("action")
	var ids []comment.ID
	if row := r.PostFormValue("row"); row != "" {
		id, act, _ := strings.Cut(row, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return errBadRequest
		}
		ids, action = []comment.ID{comment.ID(n)}, act
	} else {
		for _, s := range r.PostForm["ids"] {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return errBadRequest
			}
			ids = append(ids, comment.ID(n))
		}
	}
	back := safeBack(r.PostFormValue("back"))
	if len(ids) == 0 {
		return h.redirect(w, r, back, "comment.admin.flash.none_selected")
	}
	if action == "delete" {
		return h.commentDelete(w, r, ids, back)
	}
	state, ok := commentActions[action]
	if !ok {
		return errBadRequest
	}
	articles := map[article.ID]bool{}
	var published []*comment.Comment
	for _, id := range ids {
		c, err := h.store.Comment(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile by another moderator
		} else if err != nil {
			return fmt.Errorf("admin: moderate comment %d: %w", id, err)
		}
		h.moderated(ctx, c, state)
		articles[c.ArticleID] = true
		if state == comment.Approved && c.State != comment.Approved {
			c.State = comment.Approved
			published = append(published, c)
		}
	}
	n, err := h.store.SetCommentState(ctx, state, ids...)
	if err != nil {
		return fmt.Errorf("admin: moderate comments: %w", err)
	}
	h.audit(ctx, currentUser(r), "comment."+action, commentTarget(ids), strconv.Itoa(n))
	for id := range articles {
		h.changed(ctx, Change{Kind: "article", ArticleID: id})
	}
	for _, c := range published {
		h.notifyReply(r, c)
	}
	return h.redirect(w, r, back, "comment.admin.flash.done")
}

// moderated reports a moderator's move of c to state to (OnModerate), so
// that the spam filter learns from it.
func (h *Handler) moderated(ctx context.Context, c *comment.Comment, to comment.State) {
	if h.onModerate != nil && c.State != to {
		h.onModerate(ctx, *c, to)
	}
}

func (h *Handler) commentDelete(w http.ResponseWriter, r *http.Request, ids []comment.ID, back string) error {
	ctx := r.Context()
	for _, id := range ids {
		c, err := h.store.Comment(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return fmt.Errorf("admin: delete comment %d: %w", id, err)
		}
		if err := h.store.DeleteComment(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("admin: delete comment %d: %w", id, err)
		}
		h.changed(ctx, Change{Kind: "article", ArticleID: c.ArticleID})
	}
	h.audit(ctx, currentUser(r), "comment.delete", commentTarget(ids), "")
	return h.redirect(w, r, back, "admin.flash.deleted")
}

func commentTarget(ids []comment.ID) string {
	parts := make([]string, 0, min(len(ids), 10))
	for i, id := range ids {
		if i == 10 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, strconv.FormatInt(int64(id), 10))
	}
	return "comment:" + strings.Join(parts, ",")
}

// safeBack keeps a redirect inside the comment queue.
func safeBack(s string) string {
	if strings.HasPrefix(s, "/admin/comments/") && !strings.ContainsAny(s, "\\\r\n") && !strings.HasPrefix(s, "//") {
		return s
	}
	return "/admin/comments/"
}

type commentEditData struct {
	Page
	Row       commentRow
	Text      string
	ReplyText string
	Error     string
}

func (h *Handler) loadComment(r *http.Request) (*comment.Comment, *article.Article, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	c, err := h.store.Comment(r.Context(), comment.ID(id))
	if err != nil {
		return nil, nil, fmt.Errorf("admin: comment %d: %w", id, err)
	}
	a, err := h.store.Article(r.Context(), c.ArticleID)
	if err != nil {
		return nil, nil, fmt.Errorf("admin: comment %d: %w", id, err)
	}
	return c, a, nil
}

func (h *Handler) commentEditPage(w http.ResponseWriter, r *http.Request, status int, c *comment.Comment, a *article.Article, text, reply, errKey string) error {
	d := &commentEditData{Page: h.page(r, "comments"), Text: text, ReplyText: reply}
	d.Title = d.T("comment.admin.edit_title")
	d.Row = h.commentRow(d.Page, *c, a)
	if errKey != "" {
		d.Error = d.T(errKey)
	}
	return h.render(w, r, status, "comment", d)
}

// commentEdit shows one comment with its edit and reply forms.
func (h *Handler) commentEdit(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.loadComment(r)
	if err != nil {
		return err
	}
	return h.commentEditPage(w, r, http.StatusOK, c, a, c.Text, "", "")
}

// commentSave replaces a comment's text.
func (h *Handler) commentSave(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.loadComment(r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("text")
	if key := checkText(&text); key != "" {
		return h.commentEditPage(w, r, http.StatusUnprocessableEntity, c, a, text, "", key)
	}
	if err := h.store.UpdateCommentText(r.Context(), c.ID, text); err != nil {
		return fmt.Errorf("admin: edit comment %d: %w", c.ID, err)
	}
	h.audit(r.Context(), currentUser(r), "comment.edit", commentTarget([]comment.ID{c.ID}), "")
	h.changed(r.Context(), Change{Kind: "article", ArticleID: c.ArticleID})
	return h.redirect(w, r, "/admin/comments/"+strconv.FormatInt(int64(c.ID), 10), "admin.flash.saved")
}

// commentReply publishes a moderator's reply under a comment, approving the
// comment first if it was held (one does not answer a hidden comment).
func (h *Handler) commentReply(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, a, err := h.loadComment(r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("text")
	if key := checkText(&text); key != "" {
		return h.commentEditPage(w, r, http.StatusUnprocessableEntity, c, a, c.Text, text, key)
	}
	if c.State == comment.Pending {
		h.moderated(ctx, c, comment.Approved)
		if _, err := h.store.SetCommentState(ctx, comment.Approved, c.ID); err != nil {
			return fmt.Errorf("admin: reply to comment %d: %w", c.ID, err)
		}
		c.State = comment.Approved
	}
	u := currentUser(r)
	reply := &comment.Comment{ArticleID: a.ID, AuthorName: u.Name, AuthorEmail: strings.ToLower(u.Email),
		Text: text, State: comment.Approved, UserAgent: "kiosque-admin"}
	if reply.ParentID, reply.Depth, err = comment.Reply(c, a.ID); err != nil {
		return h.commentEditPage(w, r, http.StatusUnprocessableEntity, c, a, c.Text, text, "comment.admin.error.reply_hidden")
	}
	if _, err := h.store.CreateComment(ctx, reply); err != nil {
		return fmt.Errorf("admin: reply to comment %d: %w", c.ID, err)
	}
	h.audit(ctx, u, "comment.reply", commentTarget([]comment.ID{reply.ID}), "")
	h.notifyReply(r, reply)
	h.changed(ctx, Change{Kind: "article", ArticleID: a.ID})
	return h.redirect(w, r, "/admin/comments/?state=approved&article="+strconv.FormatInt(int64(a.ID), 10), "comment.admin.flash.replied")
}

// checkText tidies a moderator's text and returns a catalog key when it is
// empty or too long.
func checkText(text *string) string {
	in := comment.Input{Name: "x", Email: "x@example.org", Text: *text}
	in.Normalize()
	*text = in.Text
	var fe comment.FieldErrors
	if err := in.Validate(); errors.As(err, &fe) {
		return fe[comment.FieldText]
	}
	return ""
}

type commentPrivacyData struct {
	Page
	Email string
	Count int
	Done  bool
	Error string
}

// commentPrivacy shows the forms that export or erase every comment sent
// with an e-mail address (readers' rights of access and erasure).
func (h *Handler) commentPrivacy(w http.ResponseWriter, r *http.Request) error {
	d := &commentPrivacyData{Page: h.page(r, "comments")}
	d.Title = d.T("comment.admin.privacy_title")
	return h.render(w, r, http.StatusOK, "comment_privacy", d)
}

func privacyEmail(r *http.Request) (string, bool) {
	in := comment.Input{Name: "x", Email: r.PostFormValue("email"), Text: "x"}
	in.Normalize()
	return in.Email, in.Validate() == nil
}

// commentExport answers the JSON export of every comment sent with an
// e-mail address, as a download.
func (h *Handler) commentExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, ok := privacyEmail(r)
	if !ok {
		d := &commentPrivacyData{Page: h.page(r, "comments"), Email: r.PostFormValue("email")}
		d.Title, d.Error = d.T("comment.admin.privacy_title"), d.T(comment.ErrKeyEmail)
		return h.render(w, r, http.StatusUnprocessableEntity, "comment_privacy", d)
	}
	list, err := h.store.CommentsByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("admin: export comments: %w", err)
	}
	s := info(r).Site
	export := comment.NewExport(email, h.now(), list)
	articles := map[article.ID]*article.Article{}
	for i := range export.Comments {
		ec := &export.Comments[i]
		a, seen := articles[ec.ArticleID]
		if !seen {
			a, _ = h.store.Article(ctx, ec.ArticleID) // gone: the export keeps the id only
			articles[ec.ArticleID] = a
		}
		if a != nil {
			ec.ArticleTitle, ec.ArticleURL = a.Title, s.URL("/"+a.Slug+"/")
		}
	}
	body, err := json.MarshalIndent(export, "", "  ")
	if err != nil {
		return fmt.Errorf("admin: export comments: %w", err)
	}
	h.audit(ctx, currentUser(r), "comment.export", "comments", strconv.Itoa(len(list)))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="comments-export.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(append(body, '\n')) // a failed write means the client left
	return nil
}

// commentErase deletes every comment sent with an e-mail address, once the
// admin has ticked the confirmation.
func (h *Handler) commentErase(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email, ok := privacyEmail(r)
	d := &commentPrivacyData{Page: h.page(r, "comments"), Email: r.PostFormValue("email")}
	d.Title = d.T("comment.admin.privacy_title")
	switch {
	case !ok:
		d.Error = d.T(comment.ErrKeyEmail)
	case r.PostFormValue("confirm") == "":
		d.Error = d.T("comment.admin.error.confirm_erase")
	}
	if d.Error != "" {
		return h.render(w, r, http.StatusUnprocessableEntity, "comment_privacy", d)
	}
	list, err := h.store.CommentsByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("admin: erase comments: %w", err)
	}
	n, err := h.store.EraseCommentsByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("admin: erase comments: %w", err)
	}
	// The audit log records that an erasure happened, not whose.
	h.audit(ctx, currentUser(r), "comment.erase", "comments", strconv.Itoa(n))
	seen := map[article.ID]bool{}
	for _, c := range list {
		if !seen[c.ArticleID] {
			seen[c.ArticleID] = true
			h.changed(ctx, Change{Kind: "article", ArticleID: c.ArticleID})
		}
	}
	d.Email, d.Count, d.Done = "", n, true
	return h.render(w, r, http.StatusOK, "comment_privacy", d)
}

// notifyReply e-mails the author of c's parent, if they asked, now that c
// is published. Failures only log: the comment is stored.
func (h *Handler) notifyReply(r *http.Request, c *comment.Comment) {
	if c.ParentID == 0 || !h.notify.CanNotifyReplies() {
		return
	}
	ctx := r.Context()
	parent, err := h.store.Comment(ctx, c.ParentID)
	if err != nil {
		return // the parent is gone: nobody to tell
	}
	a, err := h.store.Article(ctx, c.ArticleID)
	if err != nil {
		return
	}
	h.notify.Replied(info(r).Site, a, parent, c)
}
