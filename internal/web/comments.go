package web

import (
	"context"
	"errors"
	"html/template"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
)

// CommentStore is what the comment section and form need from the
// database. store.Store satisfies it.
type CommentStore interface {
	CreateComment(ctx context.Context, c *comment.Comment) (bool, error)
	Comment(ctx context.Context, id comment.ID) (*comment.Comment, error)
	ArticleComments(ctx context.Context, id article.ID) ([]comment.Comment, error)
	ListComments(ctx context.Context, f store.CommentFilter) ([]comment.Comment, int, error)
	HasApprovedComment(ctx context.Context, email string) (bool, error)
}

// SpamFilter judges a new comment; *spam.Classifier satisfies it.
type SpamFilter interface {
	Check(ctx context.Context, c spam.Comment) spam.Decision
}

// CommenterCookie holds a commenter's name, e-mail and website when they
// ticked "remember me". The page cache must bypass requests carrying it,
// since the form is then filled in for that reader only.
const CommenterCookie = "kiosque_commenter"

// maxUserAgent bounds the user agent kept with a comment.
const maxUserAgent = 512

// CommentSection is the data of the comments under an article: the
// approved threads, the form (with what the reader typed when it comes
// back) and the notices.
type CommentSection struct {
	Count    int
	Threads  []*CommentView
	Open     bool
	ClosesAt string // when comments close, in the site's words; "" if never
	Action   string // where form.comment-form posts
	Form     CommentForm
	Notice   string // catalog key of a notice after posting, or ""
	// CanNotify: the form offers "e-mail me replies" (SMTP configured).
	CanNotify bool
	Error     string // catalog key of the form-level error, or ""
	// FormHTML, when set, is the whole form as the template would write
	// it: an untouched form, pieced together from a prerendered one
	// (formpiece.go).
	FormHTML template.HTML
}

// CommentView is one approved comment as readers see it.
type CommentView struct {
	ID        comment.ID
	Anchor    string // the element id: "comment-12"
	Name, URL string
	HTML      template.HTML // the text, formatted and escaped by comment.Format
	Date, ISO string
	Level     int // 1 to comment.MaxLevels
	ReplyURL  string
	Labels    *commentLabels
	Replies   []*CommentView
}

// commentLabels are the words repeated on every comment, translated once.
type commentLabels struct{ Says, Reply, Permalink string }

// CommentForm is the comment form's state: empty, filled from the "remember
// me" cookie, or sent back with the reader's input and per-field errors.
type CommentForm struct {
	Name, Email, URL, Text string
	Parent                 comment.ID
	ParentName             string // who the reader replies to
	Remember, Notify       bool
	Token                  string
	Errors                 comment.FieldErrors // catalog keys by field; the template reads .Errors.name
}

// commentSection prepares the comments of a for the article page: the
// approved threads and an empty form with a fresh token. What depends on
// the reader (personalizeComments) is added afterwards.
func (h *handler) commentSection(ctx context.Context, p Page, a *article.Article) (*CommentSection, error) {
	now := h.now()
	sec := &CommentSection{
		Open:      comment.Open(p.Site, a, now),
		Action:    "/" + a.Slug + "/comments/",
		CanNotify: h.notify.CanNotifyReplies(),
	}
	if closes := comment.ClosesAt(p.Site, a); !closes.IsZero() && sec.Open {
		sec.ClosesAt = p.Date(closes)
	}
	if h.comments == nil {
		sec.Open = false
		return sec, nil
	}
	list, err := h.comments.ArticleComments(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	labels := &commentLabels{Says: p.T("comment.says"), Reply: p.T("comment.reply"), Permalink: p.T("comment.permalink")}
	sec.Threads = commentViews(p, comment.Thread(list), labels)
	sec.Count = len(list)
	sec.Form.Token = h.formToken(a, now)
	return sec, nil
}

// personalizeComments adds what depends on the request: the notice after
// posting (?comment=pending), the comment replied to (?replyto=ID) and the
// remembered name, e-mail and website. A page with the remember cookie is
// never cached (cache.Options.BypassCookies holds CommenterCookie).
func (h *handler) personalizeComments(r *http.Request, p *ArticlePage) {
	sec := p.Comments
	if sec == nil {
		return
	}
	q := r.URL.Query()
	if q.Get("comment") == "pending" {
		sec.Notice = "comment.pending_notice"
	}
	token := sec.Form.Token
	sec.Form = rememberedForm(r)
	sec.Form.Token = token
	if id, err := strconv.ParseInt(q.Get("replyto"), 10, 64); err == nil {
		if v := findView(sec.Threads, comment.ID(id)); v != nil {
			sec.Form.Parent, sec.Form.ParentName = v.ID, v.Name
		}
	}
	if q.Has("comment") || q.Has("replyto") {
		p.NoIndex = true
	}
}

// findView returns the shown comment with id, or nil.
func findView(views []*CommentView, id comment.ID) *CommentView {
	for _, v := range views {
		if v.ID == id {
			return v
		}
		if found := findView(v.Replies, id); found != nil {
			return found
		}
	}
	return nil
}

func commentViews(p Page, nodes []*comment.Node, labels *commentLabels) []*CommentView {
	out := make([]*CommentView, 0, len(nodes))
	for _, n := range nodes {
		v := &CommentView{
			ID:       n.ID,
			Anchor:   "comment-" + strconv.FormatInt(int64(n.ID), 10),
			Name:     n.AuthorName,
			URL:      n.AuthorURL,
			HTML:     comment.Format(n.Text),
			Date:     p.DateTime(n.CreatedAt),
			ISO:      p.ISO(n.CreatedAt),
			Level:    n.Level,
			ReplyURL: "?replyto=" + strconv.FormatInt(int64(n.ID), 10) + "#respond",
			Labels:   labels,
		}
		v.Replies = commentViews(p, n.Replies, labels)
		out = append(out, v)
	}
	return out
}

// formToken signs a fresh form token for a, or "" without Tokens.
func (h *handler) formToken(a *article.Article, now time.Time) string {
	if h.tokens == nil {
		return ""
	}
	return h.tokens.Issue(now, articleKey(a))
}

// articleKey is the article id as the spam filter binds tokens to it.
func articleKey(a *article.Article) string { return strconv.FormatInt(int64(a.ID), 10) }

// rememberedForm fills the form from the "remember me" cookie, if any.
func rememberedForm(r *http.Request) CommentForm {
	ck, err := r.Cookie(CommenterCookie)
	if err != nil {
		return CommentForm{}
	}
	v, err := url.ParseQuery(ck.Value)
	if err != nil {
		return CommentForm{}
	}
	in := comment.Input{Name: v.Get("n"), Email: v.Get("e"), URL: v.Get("u")}
	in.Normalize()
	return CommentForm{Name: in.Name, Email: in.Email, URL: in.URL, Remember: true}
}

// postComment handles POST /{slug}/comments/: validation, the form token,
// the spam filter, then a 303 back to the article, at the new comment when
// readers can see it or with the "awaits moderation" notice. A form with
// errors comes back on the article page, input intact, with status 422.
func (h *handler) postComment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := h.visibleArticle(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if h.comments == nil {
		return errNotFound
	}
	now := h.now()
	if err := r.ParseForm(); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		return h.commentForm(w, r, a, http.StatusBadRequest, comment.Input{}, nil, "comment.error.summary")
	}
	in := comment.FromForm(r.PostForm)
	in.Normalize()
	s, err := h.settings(ctx)
	if err != nil {
		return err
	}
	if !comment.Open(s, a, now) {
		return h.commentForm(w, r, a, http.StatusForbidden, in, nil, "comment.error.closed")
	}
	c, fe, err := h.newComment(ctx, a, &in)
	if err != nil {
		return err
	}
	if fe != nil {
		return h.commentForm(w, r, a, http.StatusUnprocessableEntity, in, fe, "comment.error.summary")
	}
	verdict, ok := h.checkToken(in.Token, a, h.clientIP(r), now)
	if !ok {
		// A double click: the first request spent the token and stored the
		// comment; show that one rather than an error.
		if dup, err := h.recentDuplicate(ctx, a, c); err != nil {
			return err
		} else if dup != nil {
			return seeComment(w, a, dup)
		}
		return h.commentForm(w, r, a, http.StatusUnprocessableEntity, in, nil, "comment.error.token")
	}
	return h.acceptComment(w, r, s, a, in, c, verdict)
}

// acceptComment runs the spam filter on a valid comment with a good token,
// decides its state, stores it and answers 303 (or 429 when its address
// posts too much).
func (h *handler) acceptComment(w http.ResponseWriter, r *http.Request, s site.Settings, a *article.Article,
	in comment.Input, c *comment.Comment, verdict comment.Verdict) error {
	ctx := r.Context()
	decision := h.judge(ctx, r, a, &in)
	if decision.RateLimited {
		w.Header().Set("Retry-After", strconv.Itoa(int(decision.RetryAfter.Seconds())))
		return h.commentForm(w, r, a, http.StatusTooManyRequests, in, nil, "comment.rate_limited_text")
	}
	mergeVerdict(&verdict, decision)
	rememberCommenter(w, s, in)
	if decision.Discard {
		// Blatant bot: keep nothing, answer as for a held comment.
		h.log.InfoContext(ctx, "comment discarded", "request_id", requestID(ctx), "article_id", a.ID, "score", verdict.Score)
		return seeOther(w, "/"+a.Slug+"/?comment=pending#comments")
	}
	known, err := h.comments.HasApprovedComment(ctx, c.AuthorEmail)
	if err != nil {
		return err
	}
	c.State = comment.Decide(s, verdict, known)
	c.SpamScore, c.SpamReasons = verdict.Score, verdict.Reasons
	c.IP, c.UserAgent = h.clientIP(r), truncateBytes(r.UserAgent(), maxUserAgent)
	created, err := h.comments.CreateComment(ctx, c)
	if err != nil {
		return err
	}
	h.log.InfoContext(ctx, "comment received", "request_id", requestID(ctx), "article_id", a.ID,
		"comment_id", c.ID, "state", c.State, "score", c.SpamScore, "duplicate", !created)
	if created {
		h.commentCreated(ctx, s, a, c)
	}
	return seeComment(w, a, c)
}

// seeComment answers a stored comment's post: 303 to the comment when
// readers see it, else to the "awaits moderation" notice.
func seeComment(w http.ResponseWriter, a *article.Article, c *comment.Comment) error {
	if c.State == comment.Approved {
		return seeOther(w, "/"+a.Slug+"/#comment-"+strconv.FormatInt(int64(c.ID), 10))
	}
	return seeOther(w, "/"+a.Slug+"/?comment=pending#comments")
}

// recentDuplicate returns the comment c's author stored with the same text
// on a within store.DuplicateWindow, or nil.
func (h *handler) recentDuplicate(ctx context.Context, a *article.Article, c *comment.Comment) (*comment.Comment, error) {
	list, _, err := h.comments.ListComments(ctx, store.CommentFilter{ArticleID: a.ID, Email: c.AuthorEmail, Limit: 5})
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Text == c.Text && h.now().Sub(list[i].CreatedAt) <= store.DuplicateWindow {
			return &list[i], nil
		}
	}
	return nil, nil
}

// newComment validates in and places the reply under its parent. It returns
// the comment to store, or the field errors to show.
func (h *handler) newComment(ctx context.Context, a *article.Article, in *comment.Input) (*comment.Comment, comment.FieldErrors, error) {
	var fe comment.FieldErrors
	if err := in.Validate(); err != nil && !errors.As(err, &fe) {
		return nil, nil, err
	}
	c := in.Comment(a.ID)
	if in.Parent > 0 {
		parent, err := h.comments.Comment(ctx, in.Parent)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		if err == nil {
			c.ParentID, c.Depth, err = comment.Reply(parent, a.ID)
		}
		if err != nil {
			if fe == nil {
				fe = comment.FieldErrors{}
			}
			fe[comment.FieldParent] = comment.ErrKeyParent
		}
	}
	return c, fe, nil
}

// checkToken verifies the form token. A missing, forged or replayed token,
// or a form older than spam.TokenMaxAge, sends the form back with a fresh
// token (ok false): a page served from the cache may carry a token another
// reader already spent, and such a reader only has to send again. A form
// sent faster than a person types is held for a moderator.
func (h *handler) checkToken(token string, a *article.Article, client string, now time.Time) (comment.Verdict, bool) {
	if h.tokens == nil {
		return comment.Verdict{}, true
	}
	switch err := h.tokens.Verify(token, now, articleKey(a), client); {
	case err == nil:
		return comment.Verdict{}, true
	case errors.Is(err, spam.ErrTokenTooFast):
		return comment.Verdict{Hold: true, Reasons: []comment.Reason{
			{Key: "spam.reason.too_fast", Args: []any{int(spam.TokenMinAge.Seconds())}}}}, true
	}
	return comment.Verdict{}, false
}

// judge runs the spam filter; without one every comment waits for a
// moderator.
func (h *handler) judge(ctx context.Context, r *http.Request, a *article.Article, in *comment.Input) spam.Decision {
	if h.spam == nil {
		return spam.Decision{Review: true}
	}
	return h.spam.Check(ctx, spam.Comment{
		ArticleID: articleKey(a),
		Content:   in.Text,
		Author:    in.Name,
		Email:     in.Email,
		URL:       in.URL,
		IP:        h.clientIP(r),
		Honeypot:  in.Honeypot,
		UserAgent: r.UserAgent(),
		// Form stays nil: checkToken has verified (and spent) the token.
	})
}

// mergeVerdict adds the filter's decision to what the token check found.
func mergeVerdict(v *comment.Verdict, d spam.Decision) {
	v.Spam = v.Spam || d.Spam
	v.Hold = v.Hold || d.Review
	v.Score = d.Score
	for _, r := range d.Reasons {
		v.Reasons = append(v.Reasons, comment.Reason{Key: r.Key, Args: r.Args})
	}
}

// commentForm shows the article page again with the reader's input, the
// field errors and a form-level message, with status.
func (h *handler) commentForm(w http.ResponseWriter, r *http.Request, a *article.Article, status int, in comment.Input, fe comment.FieldErrors, msg string) error {
	page, err := h.articlePage(r.Context(), a)
	if err != nil {
		return err
	}
	f := &page.Comments.Form
	f.Name, f.Email, f.URL, f.Text, f.Remember, f.Notify, f.Errors = in.Name, in.Email, in.URL, in.Text, in.Remember, in.Notify, fe
	if fe[comment.FieldParent] == "" && in.Parent > 0 {
		f.Parent = in.Parent
		if p, err := h.comments.Comment(r.Context(), in.Parent); err == nil {
			f.ParentName = p.AuthorName
		}
	}
	page.Comments.Error = msg
	page.NoIndex = true
	w.Header().Set("Cache-Control", "private, no-store")
	return h.render(w, status, "article", page)
}

// rememberCommenter sets the "remember me" cookie when ticked and clears it
// otherwise, as the form promises.
func rememberCommenter(w http.ResponseWriter, s site.Settings, in comment.Input) {
	ck := &http.Cookie{Name: CommenterCookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(s.BaseURL, "https://")}
	if in.Remember {
		ck.Value = url.Values{"n": {in.Name}, "e": {in.Email}, "u": {in.URL}}.Encode()
		ck.MaxAge = 365 * 24 * 3600
	} else {
		ck.MaxAge = -1
	}
	http.SetCookie(w, ck)
}

// commentCreated sends the e-mails: moderators for a held comment, the
// parent's author for a published reply. (The store's change events purge
// the pages an approved comment shows on, on every node; a form token is
// spent per reader, so a cached page may keep offering it.)
func (h *handler) commentCreated(ctx context.Context, s site.Settings, a *article.Article, c *comment.Comment) {
	switch c.State {
	case comment.Pending:
		h.notify.Held(s, a, c)
	case comment.Approved:
		if c.ParentID != 0 && h.notify.CanNotifyReplies() {
			if parent, err := h.comments.Comment(ctx, c.ParentID); err == nil {
				h.notify.Replied(s, a, parent, c)
			}
		}
	}
}

func seeOther(w http.ResponseWriter, to string) error {
	w.Header().Set("Location", to)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusSeeOther)
	return nil
}

// clientIP is the address the request came from, without the port. With
// TrustProxy, a request from a loopback or private address (the reverse
// proxy) is attributed to the last address in X-Forwarded-For, the one the
// proxy itself added.
func (h *handler) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !h.trustXFF {
		return host
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !(peer.IsLoopback() || peer.IsPrivate()) {
		return host
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return host
	}
	parts := strings.Split(xff[len(xff)-1], ",")
	if addr, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
		return addr.String()
	}
	return host
}

// truncateBytes cuts s to at most n bytes on a rune boundary.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
