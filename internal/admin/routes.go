package admin

import (
	"net/http"
	"net/url"

	"github.com/kiosque/kiosque/internal/user"
)

// route is one admin endpoint and the action it requires.
type route struct {
	pattern string
	action  user.Action
	fn      handlerFunc
}

// registerRoutes is the admin's whole route table. Every route but login
// and static files requires a logged-in user allowed to do its action, and
// every POST a CSRF token (see requireAction).
func (h *Handler) registerRoutes() {
	h.routes = []route{
		{"GET /admin/{$}", user.ViewAdmin, h.dashboard},
		{"POST /admin/logout", user.ViewAdmin, h.logout},
		{"POST /admin/preview", user.WriteArticle, h.preview},

		{"GET /admin/articles/", user.ViewAdmin, h.articleList},
		{"GET /admin/articles/new", user.WriteArticle, h.articleNew},
		{"POST /admin/articles/new", user.WriteArticle, h.articleCreate},
		{"GET /admin/articles/{id}", user.WriteArticle, h.articleEdit},
		{"POST /admin/articles/{id}", user.WriteArticle, h.articleSave},
		{"POST /admin/articles/{id}/delete", user.DeleteArticle, h.articleDelete},
		{"POST /admin/articles/{id}/translate", user.WriteArticle, h.articleTranslate},
		{"GET /admin/articles/{id}/revisions", user.WriteArticle, h.revisionList},
		{"GET /admin/articles/{id}/revisions/{rev}", user.WriteArticle, h.revisionShow},
		{"GET /admin/articles/{id}/compare", user.WriteArticle, h.revisionCompare},
		{"POST /admin/articles/{id}/revisions/{rev}/restore", user.RestoreRevision, h.revisionRestore},

		{"GET /admin/comments/{$}", user.ModerateComment, h.commentQueue},
		{"POST /admin/comments/{$}", user.ModerateComment, h.commentModerate},
		{"GET /admin/comments/{id}", user.ModerateComment, h.commentEdit},
		{"POST /admin/comments/{id}", user.ModerateComment, h.commentSave},
		{"POST /admin/comments/{id}/reply", user.ModerateComment, h.commentReply},
		{"GET /admin/comments/privacy", user.ManageUsers, h.commentPrivacy},
		{"POST /admin/comments/privacy/export", user.ManageUsers, h.commentExport},
		{"POST /admin/comments/privacy/erase", user.ManageUsers, h.commentErase},

		{"GET /admin/categories/", user.ManageTaxonomy, h.categoryList},
		{"POST /admin/categories/", user.ManageTaxonomy, h.categorySave},
		{"POST /admin/categories/{id}/delete", user.ManageTaxonomy, h.categoryDelete},
		{"GET /admin/tags/", user.ManageTaxonomy, h.tagList},
		{"POST /admin/tags/{id}", user.ManageTaxonomy, h.tagSave},
		{"POST /admin/tags/{id}/delete", user.ManageTaxonomy, h.tagDelete},
		{"GET /admin/authors/", user.ManageTaxonomy, h.authorList},
		{"POST /admin/authors/", user.ManageTaxonomy, h.authorSave},
		{"POST /admin/authors/{id}/delete", user.ManageTaxonomy, h.authorDelete},

		{"GET /admin/settings", user.ManageSettings, h.settingsForm},
		{"POST /admin/settings", user.ManageSettings, h.settingsSave},
		{"GET /admin/settings/ads", user.ManageSettings, h.adsForm},
		{"POST /admin/settings/ads", user.ManageSettings, h.adsSave},
		{"GET /admin/users/", user.ManageUsers, h.userList},
		{"POST /admin/users/", user.ManageUsers, h.userCreate},
		{"POST /admin/users/{id}", user.ManageUsers, h.userSave},
		{"GET /admin/apikeys/", user.ManageAPIKeys, h.apiKeyList},
		{"POST /admin/apikeys/", user.ManageAPIKeys, h.apiKeyCreate},
		{"POST /admin/apikeys/{id}/revoke", user.ManageAPIKeys, h.apiKeyRevoke},
		{"GET /admin/audit/", user.ViewAudit, h.auditList},
		{"GET /admin/sources/", user.ManageSettings, h.sourceList},
		{"POST /admin/sources/", user.ManageSettings, h.sourceSave},
		{"POST /admin/sources/{id}/pull", user.ManageSettings, h.sourcePull},
		{"POST /admin/sources/{id}/delete", user.ManageSettings, h.sourceDelete},

		{"GET /admin/media/", user.UploadMedia, h.mediaList},
		{"POST /admin/media/", user.UploadMedia, h.mediaUpload},
		{"POST /admin/media/{id}", user.ManageMedia, h.mediaSave},
		{"POST /admin/media/{id}/delete", user.ManageMedia, h.mediaDelete},
	}
	for _, rt := range h.routes {
		h.mux.Handle(rt.pattern, securityHeaders(h.withSession(h.requireAction(rt.action, rt.fn))))
	}
	h.mux.Handle("GET /admin/login", securityHeaders(h.withSession(h.wrap(h.loginForm))))
	h.mux.Handle("POST /admin/login", securityHeaders(h.withSession(h.wrap(h.login))))
	h.mux.HandleFunc("GET /admin/static/{file}", h.assets.serve)
	h.mux.Handle("/admin/", securityHeaders(h.withSession(h.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return errNotFoundPage
	}))))
}

// contentSecurityPolicy allows the admin's own script and styles only;
// images may come from anywhere a featured image URL points.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders makes browsers strict with admin pages: no framing, no
// sniffing, no referrer leaving the site, no foreign scripts.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		next.ServeHTTP(w, r)
	})
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
