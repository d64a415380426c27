package user

import (
	"errors"

	"github.com/kiosque/kiosque/internal/article"
)

// Action is something a user may attempt in the newsroom. The admin checks
// one on the server before every handler runs.
type Action string

// The actions. Article actions that depend on the article (edit, submit) are
// refined by CanEdit.
const (
	ViewAdmin       Action = "admin.view"       // see the newsroom at all
	WriteArticle    Action = "article.write"    // create, edit own drafts, submit for review
	EditAnyArticle  Action = "article.edit_any" // edit other people's and published articles
	PublishArticle  Action = "article.publish"  // publish, schedule, unpublish, archive
	DeleteArticle   Action = "article.delete"   // delete for good
	RestoreRevision Action = "article.restore"  // restore an old revision
	ManageTaxonomy  Action = "taxonomy.manage"  // categories, tags, author profiles
	UploadMedia     Action = "media.upload"     // add images to the library
	ManageMedia     Action = "media.manage"     // edit or delete anyone's images
	ModerateComment Action = "comment.moderate" // approve, mark spam, delete comments
	ManageSettings  Action = "settings.manage"  // site settings
	ManageUsers     Action = "users.manage"     // accounts and roles
	ManageAPIKeys   Action = "apikeys.manage"   // create and revoke API keys
	ViewAudit       Action = "audit.view"       // read the audit log
)

// Actions lists every action, for the authorization matrix and its test.
var Actions = []Action{
	ViewAdmin, WriteArticle, EditAnyArticle, PublishArticle, DeleteArticle, RestoreRevision,
	ManageTaxonomy, UploadMedia, ManageMedia, ModerateComment,
	ManageSettings, ManageUsers, ManageAPIKeys, ViewAudit,
}

// matrix says which roles may do what. Admin may do everything.
var matrix = map[Role]map[Action]bool{
	Editor: {
		ViewAdmin: true, WriteArticle: true, EditAnyArticle: true, PublishArticle: true,
		DeleteArticle: true, RestoreRevision: true, ManageTaxonomy: true, UploadMedia: true,
		ManageMedia: true, ModerateComment: true,
	},
	Author: {
		ViewAdmin: true, WriteArticle: true, UploadMedia: true,
	},
}

// ErrForbidden is returned when a user may not do what they asked.
var ErrForbidden = errors.New("forbidden")

// Can reports whether role r may perform action a.
func (r Role) Can(a Action) bool {
	if r == Admin {
		return true
	}
	return matrix[r][a]
}

// Can reports whether the (enabled) user may perform action a.
func (u *User) Can(a Action) bool {
	return u != nil && !u.Disabled && u.Role.Can(a)
}

// Owns reports whether the article is signed by the user's author profile.
func (u *User) Owns(a *article.Article) bool {
	if u == nil || u.AuthorID == 0 {
		return false
	}
	for _, au := range a.Authors {
		if au.ID == u.AuthorID {
			return true
		}
	}
	return false
}

// CanEdit reports whether the user may change the article: editors and
// admins always; authors only their own articles while still drafts or
// waiting for review.
func (u *User) CanEdit(a *article.Article) bool {
	if u.Can(EditAnyArticle) {
		return true
	}
	return u.Can(WriteArticle) && u.Owns(a) && (a.Status == article.Draft || a.Status == article.Pending)
}

// AllowedStatus reports whether the user may move an article to status s:
// authors may only keep a draft or submit it for review.
func (u *User) AllowedStatus(s article.Status) bool {
	switch s {
	case article.Draft, article.Pending:
		return u.Can(WriteArticle)
	default:
		return u.Can(PublishArticle)
	}
}
