package web

import (
	"html/template"
	"net/http"

	"github.com/kiosque/kiosque/internal/markup"
)

// PrivacyPage is the data of /privacy/.
type PrivacyPage struct {
	Page
	RetentionDays int
	EditorText    template.HTML // the editor's own text, rendered and sanitized
}

// privacy explains what the site keeps about commenters and for how long,
// then adds the editor's text.
func (h *handler) privacy(w http.ResponseWriter, r *http.Request) error {
	p, err := h.newPage(r.Context(), "/privacy/")
	if err != nil {
		return err
	}
	p.Title = p.T("web.privacy.title")
	p.Description = p.T("web.privacy.intro", p.Site.Name)
	return h.render(w, http.StatusOK, "privacy", &PrivacyPage{
		Page:          p,
		RetentionDays: p.Site.IPRetentionDays,
		EditorText:    template.HTML(markup.Render(p.Site.PrivacyText)), // sanitized by markup
	})
}
