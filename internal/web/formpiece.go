package web

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// An untouched comment form (no input, no error, no reply) differs between
// article pages only by where it posts and its token. prerenderForm renders
// it once per site view, date of closing and notify option, with
// placeholders for those two, and pieces each page's form together from
// it: some 45 template actions fewer per page. Anything else — a form
// with errors, a remembered commenter, a reply — goes through the
// template as before.

// Placeholders: letters only, so that html/template writes them as they
// are, in a URL attribute and in a plain one.
const (
	formActionMark = "KIOSQUEFORMACTIONMARK"
	formTokenMark  = "KIOSQUEFORMTOKENMARK"
)

// formKey is what an untouched form shows besides the site view.
type formKey struct {
	closesAt  string
	canNotify bool
}

// formPieces is a prerendered form cut at its action and its token input.
type formPieces struct {
	beforeAction, beforeToken, afterToken string
}

// tokenInput is how the template writes the token (comments.html).
const tokenInput = "\n  <input type=\"hidden\" name=\"token\" value=\""

// prerenderForm sets p.Comments.FormHTML when the form is untouched and
// its action and token need no escaping.
func (h *handler) prerenderForm(p *ArticlePage) error {
	sec := p.Comments
	if sec == nil || !sec.Open || sec.Error != "" || !untouched(sec.Form) ||
		!plainMark(sec.Action, "/-") || !plainMark(sec.Form.Token, "-_") {
		return nil
	}
	fp, err := h.formPieces(p, formKey{closesAt: sec.ClosesAt, canNotify: sec.CanNotify})
	if err != nil {
		return err
	}
	var b strings.Builder
	b.Grow(len(fp.beforeAction) + len(fp.beforeToken) + len(fp.afterToken) + len(tokenInput) + len(sec.Action) + len(sec.Form.Token) + 2)
	b.WriteString(fp.beforeAction)
	b.WriteString(sec.Action)
	b.WriteString(fp.beforeToken)
	if sec.Form.Token != "" {
		b.WriteString(tokenInput)
		b.WriteString(sec.Form.Token)
		b.WriteString(`">`)
	}
	b.WriteString(fp.afterToken)
	sec.FormHTML = template.HTML(b.String()) // escaped by html/template, but for the two plain marks
	return nil
}

// formPieces renders the untouched form with placeholders and cuts it,
// once per site view and key.
func (h *handler) formPieces(p *ArticlePage, key formKey) (*formPieces, error) {
	v := p.view
	if v != nil {
		if fp, ok := v.forms.Load(key); ok {
			return fp.(*formPieces), nil
		}
	}
	sec := *p.Comments
	sec.Action, sec.Form, sec.FormHTML = formActionMark, CommentForm{Token: formTokenMark}, ""
	data := *p
	data.Comments = &sec
	var buf bytes.Buffer
	if err := h.views.pages["article"].ExecuteTemplate(&buf, "comment-form", &data); err != nil {
		return nil, fmt.Errorf("web: render comment form: %w", err)
	}
	out := buf.String()
	before, rest, ok1 := strings.Cut(out, formActionMark)
	middle, after, ok2 := strings.Cut(rest, tokenInput+formTokenMark+`">`)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("web: comment form: placeholders not found in %q", out)
	}
	fp := &formPieces{beforeAction: before, beforeToken: middle, afterToken: after}
	if v != nil {
		v.forms.Store(key, fp)
	}
	return fp, nil
}

// untouched reports whether f holds nothing but its token.
func untouched(f CommentForm) bool {
	return f.Name == "" && f.Email == "" && f.URL == "" && f.Text == "" && f.Parent == 0 &&
		f.ParentName == "" && !f.Remember && !f.Notify && len(f.Errors) == 0
}

// plainMark reports whether s holds only ASCII letters, digits and the
// bytes in extra: what the template would write unescaped.
func plainMark(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}
