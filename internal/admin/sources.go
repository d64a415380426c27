package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/syndication"
)

// sourcesData is the syndication page: the feed sources, whether machine
// translation is on, and the result of the last action.
type sourcesData struct {
	Page
	Sources    []store.FeedSource
	Translator string // host of the translation service; "" when off
	Form       store.FeedSource
	Error      string
	Result     string
}

// Minutes is an interval in whole minutes, for the form.
func (d *sourcesData) Minutes(x time.Duration) int { return int(x / time.Minute) }

// feeds returns the store's syndication side, or a 404 when the store has
// none.
func (h *Handler) feeds() (store.Syndication, error) {
	fs, ok := h.store.(store.Syndication)
	if !ok {
		return nil, errNotFoundPage
	}
	return fs, nil
}

func (h *Handler) sourcesPage(w http.ResponseWriter, r *http.Request, status int, d *sourcesData) error {
	fs, err := h.feeds()
	if err != nil {
		return err
	}
	d.Page = h.page(r, "sources")
	d.Title = d.T("importer.sources.title")
	if h.i18n.Has(d.Error) {
		d.Error = d.T(d.Error)
	}
	if d.Sources, err = fs.FeedSources(r.Context()); err != nil {
		return fmt.Errorf("admin: feed sources: %w", err)
	}
	kv, err := h.store.Settings(r.Context())
	if err != nil {
		return fmt.Errorf("admin: settings: %w", err)
	}
	if u, err := url.Parse(strings.TrimSpace(kv[syndication.SettingTranslateURL])); err == nil && u.Host != "" {
		d.Translator = u.Host
	}
	if d.Form.Interval == 0 {
		d.Form.Interval = 15 * time.Minute
	}
	return h.render(w, r, status, "sources", d)
}

func (h *Handler) sourceList(w http.ResponseWriter, r *http.Request) error {
	return h.sourcesPage(w, r, http.StatusOK, &sourcesData{})
}

// sourceSave adds a source (no id field) or updates one.
func (h *Handler) sourceSave(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.feeds()
	if err != nil {
		return err
	}
	ctx := r.Context()
	src := &store.FeedSource{Enabled: true}
	if id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64); id > 0 { // no or bad id: a new source
		if src, err = fs.FeedSource(ctx, id); err != nil {
			return fmt.Errorf("admin: feed source %d: %w", id, err)
		}
		src.Enabled = r.PostFormValue("enabled") != ""
	}
	src.URL = strings.TrimSpace(r.PostFormValue("url"))
	src.Name = strings.TrimSpace(r.PostFormValue("name"))
	src.Publish = r.PostFormValue("publish") == "1"
	src.TranslateFrom = ""
	if r.PostFormValue("translate") != "" {
		src.TranslateFrom, src.Lang = "en", "fr"
	}
	if m, err := strconv.Atoi(r.PostFormValue("interval")); err == nil && m >= 5 {
		src.Interval = time.Duration(m) * time.Minute
	}
	if u, err := url.Parse(src.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return h.sourcesPage(w, r, http.StatusUnprocessableEntity, &sourcesData{Form: *src, Error: "importer.error.url_invalid"})
	}
	if src.Name == "" {
		src.Name = src.URL // the first pull puts the feed's title there
	}
	if src.Lang == "" {
		s, err := h.settings(ctx)
		if err != nil {
			return err
		}
		src.Lang = s.Lang
	}
	if err := fs.SaveFeedSource(ctx, src); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return h.sourcesPage(w, r, http.StatusConflict, &sourcesData{Form: *src, Error: "importer.error.url_taken"})
		}
		return fmt.Errorf("admin: save feed source: %w", err)
	}
	h.audit(ctx, currentUser(r), "source.save", fmt.Sprintf("source:%d", src.ID), src.URL)
	return h.redirect(w, r, "/admin/sources/", "admin.flash.saved")
}

// sourcePull pulls one source now and shows what it did.
func (h *Handler) sourcePull(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.feeds()
	if err != nil {
		return err
	}
	ss, ok := h.store.(syndication.Store)
	if !ok {
		return errNotFoundPage
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	src, err := fs.FeedSource(ctx, id)
	if err != nil {
		return fmt.Errorf("admin: feed source %d: %w", id, err)
	}
	kv, err := h.store.Settings(ctx)
	if err != nil {
		return fmt.Errorf("admin: settings: %w", err)
	}
	p := &syndication.Puller{Store: ss, Translator: syndication.TranslatorFromSettings(kv, nil), Now: h.now, Logger: h.logger}
	res, err := p.Pull(ctx, src)
	d := &sourcesData{}
	switch {
	case errors.Is(err, syndication.ErrNoTranslator):
		d.Error = "importer.translation.off"
	case err != nil:
		d.Error = "importer.source.last_error"
	case res.NotModified:
		d.Result = "importer.source.not_modified"
	default:
		d.Result = "importer.source.pull_result"
		if res.New > 0 {
			h.changed(ctx, Change{Kind: "article"})
		}
	}
	pg := h.page(r, "sources")
	if d.Error == "importer.translation.off" {
		d.Error = pg.T(d.Error)
	} else if d.Error != "" {
		// An operator's diagnostic: the fetch error as recorded on the source.
		d.Error = pg.T(d.Error, src.LastError)
	} else if res.NotModified {
		d.Result = pg.T(d.Result)
	} else {
		d.Result = pg.T(d.Result, res.New, res.Seen, res.NearDup, len(res.Problems))
	}
	h.audit(ctx, currentUser(r), "source.pull", fmt.Sprintf("source:%d", src.ID), "")
	return h.sourcesPage(w, r, http.StatusOK, d)
}

func (h *Handler) sourceDelete(w http.ResponseWriter, r *http.Request) error {
	fs, err := h.feeds()
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := fs.DeleteFeedSource(r.Context(), id); err != nil {
		return fmt.Errorf("admin: delete feed source %d: %w", id, err)
	}
	h.audit(r.Context(), currentUser(r), "source.delete", fmt.Sprintf("source:%d", id), "")
	return h.redirect(w, r, "/admin/sources/", "admin.flash.deleted")
}
