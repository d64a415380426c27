package comment

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
)

// Limits on the fields of a submission, in characters (runes).
const (
	MaxName  = 100
	MaxEmail = 254
	MaxURL   = 300
	MaxText  = 5000
)

// Input is a comment as a reader submits it through the form. Its field
// names are the form's.
type Input struct {
	Name     string // form field "name"
	Email    string // "email"
	URL      string // "url"
	Text     string // "text"
	Parent   ID     // "parent": 0 for a top-level comment
	Remember bool   // "remember": keep name, e-mail and site in a cookie
	Notify   bool   // "notify": e-mail me when someone replies
	Honeypot string // "website2": hidden from people, filled by bots
	Token    string // "token": the signed form token
}

// Form field names, shared by the template and FromForm.
const (
	FieldName     = "name"
	FieldEmail    = "email"
	FieldURL      = "url"
	FieldText     = "text"
	FieldParent   = "parent"
	FieldRemember = "remember"
	FieldNotify   = "notify"
	FieldHoneypot = "website2"
	FieldToken    = "token"
)

// FromForm reads a submission from form values. It never fails: what cannot
// be read (a parent that is not a number) is kept so that Validate reports
// it, and text is kept as typed so that the form can show it again.
func FromForm(v url.Values) Input {
	in := Input{
		Name:     v.Get(FieldName),
		Email:    v.Get(FieldEmail),
		URL:      v.Get(FieldURL),
		Text:     v.Get(FieldText),
		Remember: v.Get(FieldRemember) != "",
		Notify:   v.Get(FieldNotify) != "",
		Honeypot: v.Get(FieldHoneypot),
		Token:    v.Get(FieldToken),
	}
	if p := strings.TrimSpace(v.Get(FieldParent)); p != "" && p != "0" {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil || n <= 0 {
			n = -1 // Validate reports it
		}
		in.Parent = ID(n)
	}
	return in
}

// Normalize tidies what people type: spaces around single-line fields,
// Windows line ends, control characters (other than newline and tab), an
// e-mail's case, and a website given without its scheme. Invalid UTF-8 is
// left for Validate to report.
func (in *Input) Normalize() {
	in.Name = strings.Join(strings.Fields(dropControls(in.Name)), " ")
	in.Email = strings.TrimSpace(dropControls(in.Email))
	if utf8.ValidString(in.Email) { // ToLower would turn bad bytes into U+FFFD, hiding them from Validate
		in.Email = strings.ToLower(in.Email)
	}
	in.URL = strings.TrimSpace(dropControls(in.URL))
	if in.URL != "" && !strings.Contains(in.URL, "://") && !strings.ContainsAny(in.URL, " :") {
		in.URL = "http://" + in.URL
	}
	text := strings.ReplaceAll(in.Text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	in.Text = strings.TrimSpace(dropControls(text))
}

func dropControls(s string) string {
	if !utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
}

// ErrInvalid marks a submission that breaks a rule; the FieldErrors say which
// fields and why.
var ErrInvalid = errors.New("comment: invalid")

// FieldErrors maps a form field name to a catalog key (comment.error.*).
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("invalid comment:")
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%s", k, fe[k])
	}
	return b.String()
}

// Is lets errors.Is(err, ErrInvalid) match a FieldErrors.
func (fe FieldErrors) Is(target error) bool { return target == ErrInvalid }

// Catalog keys of the validation errors.
const (
	ErrKeyRequired    = "comment.error.required"
	ErrKeyInvalidUTF8 = "comment.error.invalid_utf8"
	ErrKeyNameLong    = "comment.error.name_too_long"
	ErrKeyEmail       = "comment.error.email_invalid"
	ErrKeyURL         = "comment.error.url_invalid"
	ErrKeyTextLong    = "comment.error.text_too_long"
	ErrKeyParent      = "comment.error.parent_invalid"
)

// Validate checks a normalized submission and returns FieldErrors (matching
// ErrInvalid) when a rule is broken, nil otherwise. It does not judge spam,
// the honeypot or the token: that is the filter's job.
func (in *Input) Validate() error {
	fe := FieldErrors{}
	for field, v := range map[string]string{FieldName: in.Name, FieldEmail: in.Email, FieldURL: in.URL, FieldText: in.Text} {
		if !utf8.ValidString(v) {
			fe[field] = ErrKeyInvalidUTF8
		}
	}
	check := func(field, v string, rule func(string) string) {
		if _, bad := fe[field]; !bad {
			if key := rule(v); key != "" {
				fe[field] = key
			}
		}
	}
	check(FieldName, in.Name, func(v string) string {
		return required(v, MaxName, ErrKeyNameLong)
	})
	check(FieldEmail, in.Email, validEmail)
	check(FieldURL, in.URL, validURL)
	check(FieldText, in.Text, func(v string) string {
		return required(v, MaxText, ErrKeyTextLong)
	})
	if in.Parent < 0 {
		fe[FieldParent] = ErrKeyParent
	}
	if len(fe) > 0 {
		return fe
	}
	return nil
}

func required(v string, max int, tooLong string) string {
	switch {
	case strings.TrimSpace(v) == "":
		return ErrKeyRequired
	case utf8.RuneCountInString(v) > max:
		return tooLong
	}
	return ""
}

func validEmail(v string) string {
	if v == "" {
		return ErrKeyRequired
	}
	if len(v) > MaxEmail {
		return ErrKeyEmail
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Name != "" || addr.Address != v {
		return ErrKeyEmail
	}
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || !strings.Contains(v[at+1:], ".") || strings.ContainsAny(v, " <>\"") {
		return ErrKeyEmail
	}
	return ""
}

func validURL(v string) string {
	if v == "" {
		return ""
	}
	if utf8.RuneCountInString(v) > MaxURL {
		return ErrKeyURL
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsAny(v, " <>\"'`") {
		return ErrKeyURL
	}
	return ""
}

// Comment makes the comment a valid, normalized submission describes, on
// article articleID. The caller then places it (Reply), decides its state
// (Decide) and records the request's IP and user agent.
func (in *Input) Comment(articleID article.ID) *Comment {
	return &Comment{
		ArticleID:   articleID,
		AuthorName:  in.Name,
		AuthorEmail: in.Email,
		AuthorURL:   in.URL,
		Text:        in.Text,

		NotifyReplies: in.Notify,
	}
}
