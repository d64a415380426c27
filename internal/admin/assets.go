package admin

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets are the admin's CSS and JS, served under content-hash names
// (/admin/static/admin.3f2a9c1b.css) with a year-long cache lifetime.
type assets struct {
	byName map[string]string // "admin.css" → "admin.3f2a9c1b.css"
	byHash map[string][]byte // "admin.3f2a9c1b.css" → bytes
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]string{}, byHash: map[string][]byte{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("admin: assets: %w", err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(staticFS, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("admin: assets: %w", err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.byName[e.Name()] = hashed
		a.byHash[hashed] = b
	}
	return a, nil
}

// url returns the URL of a static file by its plain name; it panics on an
// unknown name, which the template test catches.
func (a *assets) url(name string) string {
	hashed, ok := a.byName[name]
	if !ok {
		panic("admin: unknown asset " + name)
	}
	return "/admin/static/" + hashed
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, ok := a.byHash[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(b) // a failed write means the client left
}
