package web

import "github.com/kiosque/kiosque/internal/i18n"

// Labels are the fixed texts of the layout, the article page and its
// comments in one language, translated once at start: a field costs the
// templates far less than a call to Page.T.
type Labels struct {
	Home                   string // web.nav.home
	SkipToContent          string // web.skip_to_content
	NavLabel               string // web.nav.label
	FooterPrivacy          string // web.footer.privacy
	PagerLabel             string // web.pager.label
	PagerNewer             string // web.pager.newer
	PagerOlder             string // web.pager.older
	Breadcrumb             string // web.breadcrumb
	By                     string // web.by
	PublishedOn            string // web.published_on
	ReadAlso               string // web.read_also
	ReadAlsoList           string // web.read_also_list
	Source                 string // web.source
	Tags                   string // web.tags
	ShareTitle             string // web.share.title
	ShareCopy              string // feed.share_copy
	ShareCopied            string // feed.share_copied
	ShareCopyFailed        string // feed.share_copy_failed
	ShareNative            string // feed.share_native
	CommentsTitle          string // web.comments.title
	CommentsCountOne       string // comment.count_one
	CommentsNone           string // web.comments.none
	CommentsClosed         string // web.comments.closed
	CommentsLeave          string // web.comments.leave
	CommentsCancelReply    string // comment.cancel_reply
	CommentsName           string // web.comments.name
	CommentsEmail          string // web.comments.email
	CommentsEmailHint      string // web.comments.email_hint
	CommentsURL            string // web.comments.url
	CommentsText           string // web.comments.text
	CommentsRemember       string // comment.remember
	CommentsNotify         string // comment.notify
	CommentsHoneypot       string // comment.honeypot
	CommentsSpamNotice     string // web.comments.spam_notice
	CommentsSpamNoticeLink string // web.comments.spam_notice_link
	CommentsSubmit         string // web.comments.submit
}

// newLabels translates the labels into every supported language.
func newLabels(msgs *i18n.Bundle) map[string]*Labels {
	out := make(map[string]*Labels, len(i18n.Languages))
	for _, lang := range i18n.Languages {
		out[lang] = &Labels{
			Home:                   msgs.T(lang, "web.nav.home"),
			SkipToContent:          msgs.T(lang, "web.skip_to_content"),
			NavLabel:               msgs.T(lang, "web.nav.label"),
			FooterPrivacy:          msgs.T(lang, "web.footer.privacy"),
			PagerLabel:             msgs.T(lang, "web.pager.label"),
			PagerNewer:             msgs.T(lang, "web.pager.newer"),
			PagerOlder:             msgs.T(lang, "web.pager.older"),
			Breadcrumb:             msgs.T(lang, "web.breadcrumb"),
			By:                     msgs.T(lang, "web.by"),
			PublishedOn:            msgs.T(lang, "web.published_on"),
			ReadAlso:               msgs.T(lang, "web.read_also"),
			ReadAlsoList:           msgs.T(lang, "web.read_also_list"),
			Source:                 msgs.T(lang, "web.source"),
			Tags:                   msgs.T(lang, "web.tags"),
			ShareTitle:             msgs.T(lang, "web.share.title"),
			ShareCopy:              msgs.T(lang, "feed.share_copy"),
			ShareCopied:            msgs.T(lang, "feed.share_copied"),
			ShareCopyFailed:        msgs.T(lang, "feed.share_copy_failed"),
			ShareNative:            msgs.T(lang, "feed.share_native"),
			CommentsTitle:          msgs.T(lang, "web.comments.title"),
			CommentsCountOne:       msgs.T(lang, "comment.count_one"),
			CommentsNone:           msgs.T(lang, "web.comments.none"),
			CommentsClosed:         msgs.T(lang, "web.comments.closed"),
			CommentsLeave:          msgs.T(lang, "web.comments.leave"),
			CommentsCancelReply:    msgs.T(lang, "comment.cancel_reply"),
			CommentsName:           msgs.T(lang, "web.comments.name"),
			CommentsEmail:          msgs.T(lang, "web.comments.email"),
			CommentsEmailHint:      msgs.T(lang, "web.comments.email_hint"),
			CommentsURL:            msgs.T(lang, "web.comments.url"),
			CommentsText:           msgs.T(lang, "web.comments.text"),
			CommentsRemember:       msgs.T(lang, "comment.remember"),
			CommentsNotify:         msgs.T(lang, "comment.notify"),
			CommentsHoneypot:       msgs.T(lang, "comment.honeypot"),
			CommentsSpamNotice:     msgs.T(lang, "web.comments.spam_notice"),
			CommentsSpamNoticeLink: msgs.T(lang, "web.comments.spam_notice_link"),
			CommentsSubmit:         msgs.T(lang, "web.comments.submit"),
		}
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
