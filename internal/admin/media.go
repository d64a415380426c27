package admin

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/media"
	"github.com/kiosque/kiosque/internal/store"
)

const mediaPerPage = 40

type mediaData struct {
	Page
	Media   []store.Media
	PageNum int
	PrevURL string
	NextURL string
	Error   string
	MaxMB   int64
	Pick    bool // opened from the editor to pick an image
}

func (h *Handler) mediaPage(w http.ResponseWriter, r *http.Request, status int, errKey string) error {
	d := &mediaData{Page: h.page(r, "media"), MaxMB: h.maxUpload >> 20, Pick: r.URL.Query().Get("pick") != ""}
	d.Title = d.T("admin.nav.media")
	if errKey != "" {
		d.Error = d.T(errKey)
	}
	d.PageNum, _ = strconv.Atoi(r.URL.Query().Get("page")) // unreadable: first page
	if d.PageNum < 1 {
		d.PageNum = 1
	}
	list, total, err := h.store.ListMedia(r.Context(), mediaPerPage, (d.PageNum-1)*mediaPerPage)
	if err != nil {
		return fmt.Errorf("admin: media: %w", err)
	}
	d.Media = list
	if d.PageNum > 1 {
		d.PrevURL = fmt.Sprintf("/admin/media/?page=%d", d.PageNum-1)
	}
	if d.PageNum*mediaPerPage < total {
		d.NextURL = fmt.Sprintf("/admin/media/?page=%d", d.PageNum+1)
	}
	return h.render(w, r, status, "media", d)
}

func (h *Handler) mediaList(w http.ResponseWriter, r *http.Request) error {
	return h.mediaPage(w, r, http.StatusOK, "")
}

// mediaUpload takes one image from a multipart form: its size is limited,
// its type read from its bytes, and its variants made before it is stored.
func (h *Handler) mediaUpload(w http.ResponseWriter, r *http.Request) error {
	// The CSRF check has parsed the multipart form already (PostFormValue),
	// within the body limit set by the route's wrapper.
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.mediaPage(w, r, http.StatusBadRequest, "admin.media.error_missing")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, h.maxUpload+1))
	if err != nil {
		return fmt.Errorf("admin: read upload: %w", err)
	}
	if int64(len(data)) > h.maxUpload {
		return h.mediaPage(w, r, http.StatusRequestEntityTooLarge, "admin.media.error_size")
	}
	m, err := processImage(filepath.Base(hdr.Filename), data)
	switch {
	case errors.Is(err, errImageType):
		return h.mediaPage(w, r, http.StatusUnsupportedMediaType, "admin.media.error_type")
	case errors.Is(err, errImageTooBig):
		return h.mediaPage(w, r, http.StatusRequestEntityTooLarge, "admin.media.error_dimensions")
	case err != nil:
		return err
	}
	u := currentUser(r)
	m.Alt, m.Caption, m.Credit = strings.TrimSpace(r.PostFormValue("alt")), strings.TrimSpace(r.PostFormValue("caption")), strings.TrimSpace(r.PostFormValue("credit"))
	m.UserID, m.CreatedAt = u.ID, h.now().UTC()
	if err := h.store.CreateMedia(r.Context(), m); err != nil {
		return fmt.Errorf("admin: store upload: %w", err)
	}
	h.audit(r.Context(), u, "media.upload", fmt.Sprintf("media:%d", m.ID), m.Name)
	return h.redirect(w, r, "/admin/media/", "admin.flash.uploaded")
}

func (h *Handler) mediaSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.store.MediaByID(r.Context(), id)
	if err != nil {
		return fmt.Errorf("admin: media %d: %w", id, err)
	}
	m.Alt, m.Caption, m.Credit = strings.TrimSpace(r.PostFormValue("alt")), strings.TrimSpace(r.PostFormValue("caption")), strings.TrimSpace(r.PostFormValue("credit"))
	if err := h.store.UpdateMedia(r.Context(), m); err != nil {
		return fmt.Errorf("admin: save media %d: %w", id, err)
	}
	h.audit(r.Context(), currentUser(r), "media.save", fmt.Sprintf("media:%d", id), m.Name)
	return h.redirect(w, r, "/admin/media/", "admin.flash.saved")
}

func (h *Handler) mediaDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.store.DeleteMedia(r.Context(), id); err != nil {
		return fmt.Errorf("admin: delete media %d: %w", id, err)
	}
	h.audit(r.Context(), currentUser(r), "media.delete", fmt.Sprintf("media:%d", id), "")
	return h.redirect(w, r, "/admin/media/", "admin.flash.deleted")
}

// MediaHandler serves uploaded images at /media/{id}/{variant} with a
// year-long cache lifetime (a variant never changes once stored). Mount it
// with mux.Handle("GET /media/{id}/{variant}", admin.MediaHandler(st, site)):
// a path whose {id} is not a number (such as /media/demo/x.svg) goes to
// next, which may be nil for a plain 404.
func MediaHandler(st store.MediaStore, next http.Handler) http.Handler {
	if next == nil {
		next = http.NotFoundHandler()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		name := r.PathValue("variant")
		v, err := st.MediaVariant(r.Context(), id, name)
		if errors.Is(err, store.ErrNotFound) && isVariantWidth(name) {
			// Narrow originals have no wider variants: the original is the
			// best there is, so srcset may list every width.
			v, err = st.MediaVariant(r.Context(), id, "orig")
		}
		if errors.Is(err, store.ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		etag := fmt.Sprintf(`"m%d-%s-%d"`, id, v.Name, len(v.Data))
		w.Header().Set("Content-Type", v.MIME)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("ETag", etag)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(v.Data)))
		_, _ = w.Write(v.Data) // a failed write means the client left
	})
}

func isVariantWidth(name string) bool {
	for _, w := range VariantWidths {
		if strconv.Itoa(w) == name {
			return true
		}
	}
	return false
}

// fillImageFromMedia completes a featured image picked from the library:
// its width and height (so public pages can build srcset and reserve
// space), and alt, caption and credit when the editor left them empty.
func (h *Handler) fillImageFromMedia(r *http.Request, img *article.Image) {
	id, ok := media.ID(img.URL)
	if !ok {
		return
	}
	med, err := h.store.MediaByID(r.Context(), id)
	if err != nil {
		return // a stale URL is the editor's to fix; the page shows it as is
	}
	img.Width, img.Height = med.Width, med.Height
	if img.Alt == "" {
		img.Alt = med.Alt
	}
	if img.Caption == "" {
		img.Caption = med.Caption
	}
	if img.Credit == "" {
		img.Credit = med.Credit
	}
}
