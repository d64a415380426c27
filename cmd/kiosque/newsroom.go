package main

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/web"
)

// mountNewsroom returns the process's top handler: /admin/ is the newsroom
// (built from opts, whose Store, I18n, Logger and BaseURL it fills), GET
// /media/{id}/{variant} serves uploaded images (other /media/ paths, such
// as the demo's, fall through to the site), each of apis is mounted at its
// pattern, and everything else is the public site (which logs its own
// requests); reqs logs and counts the others.
func mountNewsroom(st store.Store, site http.Handler, msgs *i18n.Bundle, reqs web.RequestLog, baseURL string,
	opts admin.Options, apis map[string]http.Handler) (http.Handler, error) {
	logger := reqs.Logger
	opts.Store, opts.I18n, opts.Logger, opts.BaseURL = st, msgs, logger, baseURL
	adm, err := admin.New(opts)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/admin/", reqs.Wrap(adm))
	mux.Handle("GET /media/{id}/{variant}", admin.MediaHandler(st, site)) // the site logs what falls through
	for pattern, h := range apis {
		mux.Handle(pattern, reqs.Wrap(h))
	}
	mux.Handle("/", site)
	return mux, nil
}

// demoAdminEmail is the demo's admin account.
const demoAdminEmail = "admin@nouvelles-du-monde.example"

// demoAdmin creates the demo's admin account with a generated password and
// prints the credentials; on a later start (account present) it prints how
// to get in again without showing any password.
func demoAdmin(ctx context.Context, st store.Store, stdout io.Writer) error {
	pw, err := admin.EnsureDemoAdmin(ctx, st, demoAdminEmail, "Rédaction en chef")
	if err != nil {
		return err
	}
	if pw == "" {
		fmt.Fprintf(stdout, "Newsroom: /admin/ as %s (password printed on the first start; reset it with `kiosque user passwd --email %s`).\n", demoAdminEmail, demoAdminEmail)
		return nil
	}
	fmt.Fprintf(stdout, "Newsroom: /admin/ — e-mail %s — password %s\n", demoAdminEmail, pw)
	return nil
}
