package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/site"
)

type settingsData struct {
	Page
	Form   site.Settings
	Errors map[string]string
}

func (h *Handler) settingsForm(w http.ResponseWriter, r *http.Request) error {
	d := &settingsData{Page: h.page(r, "settings"), Form: info(r).Site}
	d.Title = d.T("admin.nav.settings")
	return h.render(w, r, http.StatusOK, "settings", d)
}

// settingsSave validates and stores the site settings; on error the form
// comes back as typed.
func (h *Handler) settingsSave(w http.ResponseWriter, r *http.Request) error {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	s := info(r).Site
	s.Name, s.Tagline, s.Lang, s.TimeZone = v("name"), v("tagline"), v("lang"), v("timezone")
	s.BaseURL = strings.TrimRight(v("base_url"), "/")
	s.Comments = site.CommentPolicy(v("comments"))
	s.HoldFirstComment = r.PostFormValue("hold_first") != ""
	var err1, err2 error
	s.CloseCommentsDays, err1 = strconv.Atoi(v("close_after_days"))
	s.IPRetentionDays, err2 = strconv.Atoi(v("ip_retention_days"))
	s.AdsTxt = strings.ReplaceAll(r.PostFormValue("ads_txt"), "\r\n", "\n")
	s.PrivacyText = strings.ReplaceAll(r.PostFormValue("privacy_text"), "\r\n", "\n")
	errs := s.Validate()
	if err1 != nil || err2 != nil {
		if errs == nil {
			errs = map[string]string{}
		}
		errs["days"] = "error.invalid"
	}
	if errs != nil {
		d := &settingsData{Page: h.page(r, "settings"), Form: s, Errors: h.translateErrors(r, errs)}
		d.Title = d.T("admin.nav.settings")
		return h.render(w, r, http.StatusUnprocessableEntity, "settings", d)
	}
	if err := h.store.SaveSettings(r.Context(), s.Map()); err != nil {
		return fmt.Errorf("admin: save settings: %w", err)
	}
	h.audit(r.Context(), currentUser(r), "settings.save", "", "")
	h.changed(r.Context(), Change{Kind: "settings"})
	return h.redirect(w, r, "/admin/settings", "admin.flash.saved")
}
