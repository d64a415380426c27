package web

import (
	"reflect"

	"github.com/kiosque/kiosque/internal/i18n"
)

// Labels are the fixed texts of the layout, the article page and its
// comments in one language, translated once at start: a field costs the
// templates far less than a call to Page.T. The msg tag names each
// field's catalog key.
type Labels struct {
	Home                   string `msg:"web.nav.home"`
	SkipToContent          string `msg:"web.skip_to_content"`
	NavLabel               string `msg:"web.nav.label"`
	FooterPrivacy          string `msg:"web.footer.privacy"`
	PagerLabel             string `msg:"web.pager.label"`
	PagerNewer             string `msg:"web.pager.newer"`
	PagerOlder             string `msg:"web.pager.older"`
	Breadcrumb             string `msg:"web.breadcrumb"`
	By                     string `msg:"web.by"`
	PublishedOn            string `msg:"web.published_on"`
	ReadAlso               string `msg:"web.read_also"`
	ReadAlsoList           string `msg:"web.read_also_list"`
	Translations           string `msg:"web.translations"`
	Source                 string `msg:"web.source"`
	Tags                   string `msg:"web.tags"`
	ShareTitle             string `msg:"web.share.title"`
	ShareCopy              string `msg:"feed.share_copy"`
	ShareCopied            string `msg:"feed.share_copied"`
	ShareCopyFailed        string `msg:"feed.share_copy_failed"`
	ShareNative            string `msg:"feed.share_native"`
	CommentsTitle          string `msg:"web.comments.title"`
	CommentsCountOne       string `msg:"comment.count_one"`
	CommentsNone           string `msg:"web.comments.none"`
	CommentsClosed         string `msg:"web.comments.closed"`
	CommentsLeave          string `msg:"web.comments.leave"`
	CommentsCancelReply    string `msg:"comment.cancel_reply"`
	CommentsName           string `msg:"web.comments.name"`
	CommentsEmail          string `msg:"web.comments.email"`
	CommentsEmailHint      string `msg:"web.comments.email_hint"`
	CommentsURL            string `msg:"web.comments.url"`
	CommentsText           string `msg:"web.comments.text"`
	CommentsRemember       string `msg:"comment.remember"`
	CommentsNotify         string `msg:"comment.notify"`
	CommentsHoneypot       string `msg:"comment.honeypot"`
	CommentsSpamNotice     string `msg:"web.comments.spam_notice"`
	CommentsSpamNoticeLink string `msg:"web.comments.spam_notice_link"`
	CommentsSubmit         string `msg:"web.comments.submit"`
}

// newLabels translates the labels into every supported language: each
// field gets the message its msg tag names.
func newLabels(msgs *i18n.Bundle) map[string]*Labels {
	out := make(map[string]*Labels, len(i18n.Languages))
	t := reflect.TypeFor[Labels]()
	for _, lang := range i18n.Languages {
		l := &Labels{}
		v := reflect.ValueOf(l).Elem()
		for i := range t.NumField() {
			v.Field(i).SetString(msgs.T(lang, t.Field(i).Tag.Get("msg")))
		}
		out[lang] = l
	}
	return out
}

// labelsFor returns the labels in lang, or in the default language.
func (h *handler) labelsFor(lang string) *Labels {
	if l, ok := h.labels[lang]; ok {
		return l
	}
	return h.labels[i18n.Languages[0]]
}
