package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

type usersData struct {
	Page
	Users   []user.User
	Authors []article.Author
	Roles   []user.Role
	Form    user.User
	Errors  map[string]string
}

func (h *Handler) usersPage(w http.ResponseWriter, r *http.Request, status int, form user.User, errs map[string]string) error {
	d := &usersData{Page: h.page(r, "users"), Roles: user.Roles, Form: form, Errors: errs}
	d.Title = d.T("admin.nav.users")
	var err error
	if d.Users, err = h.store.ListUsers(r.Context()); err != nil {
		return fmt.Errorf("admin: users: %w", err)
	}
	if d.Authors, err = h.store.Authors(r.Context()); err != nil {
		return fmt.Errorf("admin: users: %w", err)
	}
	return h.render(w, r, status, "users", d)
}

func (h *Handler) userList(w http.ResponseWriter, r *http.Request) error {
	return h.usersPage(w, r, http.StatusOK, user.User{Role: user.Author}, nil)
}

// userCreate adds an account with the password typed by the admin.
func (h *Handler) userCreate(w http.ResponseWriter, r *http.Request) error {
	u := user.User{Email: user.NormalizeEmail(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: user.Role(r.PostFormValue("role")), AuthorID: formInt(r, "author")}
	errs := map[string]string{}
	var fe user.FieldErrors
	if err := u.Validate(); errors.As(err, &fe) {
		for k, v := range fe {
			errs[k] = v
		}
	}
	pw := r.PostFormValue("password")
	if key := user.CheckPasswordRules(pw); key != "" {
		errs["password"] = key
	}
	if len(errs) == 0 {
		err := CreateUser(r.Context(), h.store, &u, pw)
		if errors.Is(err, store.ErrConflict) {
			errs["email"] = "admin.error.email_taken"
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return h.usersPage(w, r, http.StatusUnprocessableEntity, u, h.translateErrors(r, errs))
	}
	h.audit(r.Context(), currentUser(r), "user.create", fmt.Sprintf("user:%d", u.ID), string(u.Role))
	return h.redirect(w, r, "/admin/users/", "admin.flash.saved")
}

// userSave changes an account's role, author link, enabled state or
// password. An admin cannot demote or disable themselves (so the site never
// loses its last admin by mistake).
func (h *Handler) userSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := h.store.User(ctx, user.ID(id))
	if err != nil {
		return fmt.Errorf("admin: user %d: %w", id, err)
	}
	role, err := user.ParseRole(r.PostFormValue("role"))
	if err != nil {
		return fmt.Errorf("admin: %w: %w", err, errBadRequest)
	}
	me := currentUser(r)
	disabled := r.PostFormValue("disabled") != ""
	if u.ID == me.ID && (role != user.Admin || disabled) {
		return fmt.Errorf("admin: demote or disable oneself: %w", user.ErrForbidden)
	}
	detail := ""
	if role != u.Role {
		detail = fmt.Sprintf("%s → %s", u.Role, role)
	}
	u.Role, u.Disabled, u.AuthorID = role, disabled, formInt(r, "author")
	if pw := r.PostFormValue("password"); pw != "" {
		if key := user.CheckPasswordRules(pw); key != "" {
			return h.usersPage(w, r, http.StatusUnprocessableEntity, user.User{Role: user.Author}, h.translateErrors(r, map[string]string{"password": key}))
		}
		if u.PasswordHash, err = user.HashPassword(pw); err != nil {
			return err
		}
	}
	if err := h.store.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("admin: save user %d: %w", id, err)
	}
	// A disabled account or a new password ends the account's sessions
	// (the admin's own included: they log in again with the new password).
	if disabled || r.PostFormValue("password") != "" {
		if err := h.store.DeleteUserSessions(ctx, u.ID); err != nil {
			return fmt.Errorf("admin: log out user %d: %w", id, err)
		}
	}
	h.audit(ctx, me, "user.save", fmt.Sprintf("user:%d", u.ID), detail)
	return h.redirect(w, r, "/admin/users/", "admin.flash.saved")
}
