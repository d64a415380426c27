package admin

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/kiosque/kiosque/internal/user"
)

type apiKeysData struct {
	Page
	Keys   []user.APIKey
	Secret string // the key just created, shown once
	Error  string
}

func (h *Handler) apiKeysPage(w http.ResponseWriter, r *http.Request, status int, secret, errKey string) error {
	d := &apiKeysData{Page: h.page(r, "apikeys"), Secret: secret}
	d.Title = d.T("admin.nav.apikeys")
	if errKey != "" {
		d.Error = d.T(errKey)
	}
	var err error
	if d.Keys, err = h.store.ListAPIKeys(r.Context()); err != nil {
		return fmt.Errorf("admin: api keys: %w", err)
	}
	return h.render(w, r, status, "apikeys", d)
}

func (h *Handler) apiKeyList(w http.ResponseWriter, r *http.Request) error {
	return h.apiKeysPage(w, r, http.StatusOK, "", "")
}

// apiKeyCreate makes a key and shows it once, on the answer to the POST
// (never in a URL or a cookie).
func (h *Handler) apiKeyCreate(w http.ResponseWriter, r *http.Request) error {
	secret, k, err := CreateAPIKey(r.Context(), h.store, r.PostFormValue("name"), currentUser(r).ID, h.now())
	var fe user.FieldErrors
	if errors.As(err, &fe) {
		return h.apiKeysPage(w, r, http.StatusUnprocessableEntity, "", "admin.error.name_required")
	}
	if err != nil {
		return err
	}
	h.audit(r.Context(), currentUser(r), "apikey.create", fmt.Sprintf("apikey:%d", k.ID), k.Name)
	return h.apiKeysPage(w, r, http.StatusCreated, secret, "")
}

func (h *Handler) apiKeyRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.store.RevokeAPIKey(r.Context(), id, h.now().UTC()); err != nil {
		return fmt.Errorf("admin: revoke api key %d: %w", id, err)
	}
	h.audit(r.Context(), currentUser(r), "apikey.revoke", fmt.Sprintf("apikey:%d", id), "")
	return h.redirect(w, r, "/admin/apikeys/", "admin.flash.revoked")
}
