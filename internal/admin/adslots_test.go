package admin

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kiosque/kiosque/internal/ads"
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/user"
	"github.com/kiosque/kiosque/internal/web"
)

// slotForm is the ad slot form as a browser sends it, rows in order.
func slotForm(csp string, rows ...map[string]string) url.Values {
	f := url.Values{"rows": {strconv.Itoa(len(rows))}, "csp": {csp}}
	for i, row := range rows {
		for k, v := range row {
			f.Set(fmt.Sprintf("slot.%d.%s", i, k), v)
		}
	}
	return f
}

// TestAdSlotsForm saves slots through the form: the setting holds them in
// the chosen order, the audit log says so, and the public site shows them.
func TestAdSlotsForm(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Admin)
	// No slots saved: the form shows the demo's house ads, one row each,
	// plus the empty row.
	r := c.get("/admin/settings/ads").want(t, http.StatusOK).contains(t, "Emplacements publicitaires", `value="article-1"`, `name="slot.5.id"`)
	if strings.Contains(r.body, `name="slot.6.id"`) {
		t.Errorf("more rows than the demo's five and the new one")
	}
	form := slotForm("# Régie\nscript-src https://ads.example.net\r\nimg-src https://*.example.net",
		map[string]string{"id": "dans-texte", "placement": "in-article", "after": "1", "min_height": "250", "enabled": "1",
			"categories": e.cat.Slug, "html": `<a href="/abonnement/"><strong>Abonnez-vous</strong></a>`, "order": "2"},
		map[string]string{"id": "bandeau", "placement": "header", "min_height": "90", "enabled": "1", "eager": "1",
			"html": "<p>Bandeau de la régie</p>", "order": "1"},
		map[string]string{"id": "vieux", "placement": "end", "html": "x", "remove": "1", "order": "3"},
		map[string]string{"id": "", "placement": "in-article", "html": "", "enabled": "1", "order": "4"}, // the empty new row
	)
	c.post("/admin/settings/ads", form).want(t, http.StatusSeeOther)
	kv, err := e.st.Settings(context.Background())
	must(t, err)
	set, err := ads.Parse(kv[ads.SettingSlots])
	must(t, err)
	want := ads.Set{
		{ID: "bandeau", Placement: ads.Header, Enabled: true, Eager: true, MinHeight: 90, HTML: "<p>Bandeau de la régie</p>"},
		{ID: "dans-texte", Placement: ads.InArticle, Enabled: true, MinHeight: 250, AfterParagraph: 1,
			Categories: []string{e.cat.Slug}, HTML: `<a href="/abonnement/"><strong>Abonnez-vous</strong></a>`},
	}
	if got, _ := set.Encode(); got != must2(want.Encode()) {
		t.Errorf("ads.slots = %s\nwant       %s", got, must2(want.Encode()))
	}
	if got := kv[ads.SettingCSP]; got != "# Régie\nscript-src https://ads.example.net\nimg-src https://*.example.net" {
		t.Errorf("ads.csp = %q", got)
	}
	entries, _, _ := e.st.ListAudit(context.Background(), 1, 0)
	if len(entries) != 1 || entries[0].Action != "settings.ads" || entries[0].Detail != "2 slots" {
		t.Errorf("audit: %+v", entries)
	}
	if len(e.changes) == 0 || e.changes[len(e.changes)-1].Kind != "settings" {
		t.Errorf("no settings change told: %+v", e.changes)
	}
	// The form shows what was saved, and the JSON in its details.
	c.get("/admin/settings/ads").want(t, http.StatusOK).contains(t, `value="bandeau"`, "Bandeau de la régie", "https://ads.example.net", `&#34;id&#34;: &#34;bandeau&#34;`, `&lt;p&gt;Bandeau`)

	// The public site shows the slots and lets the network through.
	ctx := context.Background()
	a := &article.Article{Title: "Un article", Lang: "fr", Status: article.Published, Body: "Premier paragraphe.\n\nSecond paragraphe.",
		Category: e.cat, PublishedAt: e.clock.Now().Add(-60 * 60e9)}
	must(t, e.st.CreateArticle(ctx, a))
	pub, err := web.New(web.Options{Store: e.st, Messages: i18n.MustNew(), Now: e.clock.Now})
	must(t, err)
	rec := httptest.NewRecorder()
	pub.ServeHTTP(rec, httptest.NewRequest("GET", "/"+a.Slug+"/", nil))
	body, _ := io.ReadAll(rec.Body)
	page := string(body)
	if rec.Code != http.StatusOK {
		t.Fatalf("article page: %d", rec.Code)
	}
	for _, s := range []string{"Bandeau de la régie", "<strong>Abonnez-vous</strong>"} {
		if !strings.Contains(page, s) {
			t.Errorf("article page lacks the slot %q", s)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "https://ads.example.net") {
		t.Errorf("CSP lacks the network: %s", csp)
	}

	// Removing every slot saves "[]": no ads, not the demo's back.
	c.post("/admin/settings/ads", slotForm("",
		map[string]string{"id": "bandeau", "placement": "header", "html": "x", "remove": "1"},
		map[string]string{"id": "dans-texte", "placement": "in-article", "after": "1", "html": "x", "remove": "1"},
	)).want(t, http.StatusSeeOther)
	kv, _ = e.st.Settings(ctx)
	if kv[ads.SettingSlots] != "[]" {
		t.Errorf("ads.slots after removing all = %q", kv[ads.SettingSlots])
	}
}

func must2(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

// TestAdSlotsFormErrors sends broken rows: each problem shows next to its
// field in the site's language, everything typed comes back, nothing is
// saved.
func TestAdSlotsFormErrors(t *testing.T) {
	long := strings.Repeat("a", ads.MaxSnippet+1)
	tests := []struct {
		name string
		row  map[string]string
		csp  string
		want []string // in the page, beside what was typed
	}{
		{"unclosed element", map[string]string{"id": "pub", "placement": "end", "html": `<div class="régie">Annonce`},
			"", []string{"L’extrait laisse &lt;div&gt; ouvert"}},
		{"stray closing tag", map[string]string{"id": "pub", "placement": "end", "html": `Annonce</main>`},
			"", []string{"ferme &lt;/main&gt; sans l’avoir ouvert"}},
		{"unknown placement", map[string]string{"id": "pub", "placement": "footer", "html": "x"},
			"", []string{"Choisissez un endroit dans la liste."}},
		{"oversize", map[string]string{"id": "pub", "placement": "end", "html": long},
			"", []string{"L’extrait est trop long (20000 octets au plus)."}},
		{"bad name", map[string]string{"id": "Pub Une", "placement": "end", "html": "x"},
			"", []string{"Un nom compte de 1 à 40 caractères"}},
		{"no paragraph", map[string]string{"id": "pub", "placement": "in-article", "html": "x"},
			"", []string{"Indiquez le paragraphe"}},
		{"not a number", map[string]string{"id": "pub", "placement": "in-article", "after": "trois", "html": "x"},
			"", []string{"Tapez un nombre entier.", `value="trois"`}},
		{"unknown category", map[string]string{"id": "pub", "placement": "end", "html": "x", "categories": "sport"},
			"", []string{"Rubrique inconnue : sport."}},
		{"csp keyword", map[string]string{"id": "pub", "placement": "end", "html": "x"},
			"img-src https://ok.example\nscript-src 'unsafe-inline'", []string{"Ligne 2 : &#39;unsafe-inline&#39; n’est pas permise dans script-src.", "https://ok.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.as(user.Admin)
			tt.row["enabled"] = "1"
			r := c.post("/admin/settings/ads", slotForm(tt.csp, tt.row,
				map[string]string{"id": "gone", "placement": "end", "html": "x", "remove": "1"})).want(t, http.StatusUnprocessableEntity)
			r.contains(t, "Certains champs sont à corriger")
			r.contains(t, tt.want...)
			if tt.row["html"] != "" {
				r.contains(t, html.EscapeString(tt.row["html"])[:min(200, len(html.EscapeString(tt.row["html"])))])
			}
			r.contains(t, `value="`+html.EscapeString(tt.row["id"])+`"`)
			// A row ticked for removal comes back ticked, not lost.
			r.contains(t, `value="gone"`, `name="slot.1.remove" value="1" checked`)
			kv, err := e.st.Settings(context.Background())
			must(t, err)
			if _, saved := kv[ads.SettingSlots]; saved {
				t.Errorf("saved despite the error: %q", kv[ads.SettingSlots])
			}
		})
	}
}

// TestAdSlotsDuplicateNames: two rows with one name; the second is told.
func TestAdSlotsDuplicateNames(t *testing.T) {
	e := newEnv(t)
	must(t, e.st.SaveSettings(context.Background(), map[string]string{"site.lang": "en"}))
	r := e.as(user.Admin).post("/admin/settings/ads", slotForm("",
		map[string]string{"id": "pub", "placement": "end", "html": "un"},
		map[string]string{"id": "pub", "placement": "sidebar", "html": "deux"},
	)).want(t, http.StatusUnprocessableEntity)
	r.contains(t, "Another slot already has this name.")
	if n := strings.Count(r.body, "field-error"); n != 1 {
		t.Errorf("%d field errors, want 1", n)
	}
}

// TestAdSlotsBrokenSetting: a setting written by hand that is no longer
// valid shows in the form with its problems, not as a blank page.
func TestAdSlotsBrokenSetting(t *testing.T) {
	e := newEnv(t)
	must(t, e.st.SaveSettings(context.Background(), map[string]string{ads.SettingSlots: `[{"id":"a","placement":"in-article","html":"<b>x"}]`}))
	e.as(user.Admin).get("/admin/settings/ads").want(t, http.StatusOK).
		contains(t, `value="a"`, "Indiquez le paragraphe", "laisse &lt;b&gt; ouvert")
	must(t, e.st.SaveSettings(context.Background(), map[string]string{ads.SettingSlots: `[{`}))
	e.as(user.Admin).get("/admin/settings/ads").want(t, http.StatusOK).contains(t, "n’est pas un JSON lisible")
}

// TestAdSlotsRoles: the form is the settings' (admins only).
func TestAdSlotsRoles(t *testing.T) {
	e := newEnv(t)
	for _, role := range []user.Role{user.Editor, user.Author} {
		c := e.as(role)
		c.get("/admin/settings/ads").want(t, http.StatusForbidden)
		c.post("/admin/settings/ads", slotForm("", map[string]string{"id": "pub", "placement": "end", "html": "x"})).want(t, http.StatusForbidden)
	}
	kv, _ := e.st.Settings(context.Background())
	if _, saved := kv[ads.SettingSlots]; saved {
		t.Errorf("saved by a forbidden role")
	}
}
