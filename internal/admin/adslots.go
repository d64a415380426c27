package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/ads"
)

// slotRow is one ad slot of the form, as typed: it goes back to the page
// intact when something is wrong. After is the paragraph (in-article) or
// home section (home) the slot follows.
type slotRow struct {
	Index                                 int
	ID, Placement, HTML, MinHeight, After string
	Categories, Order                     string
	Enabled, Eager, Remove, New           bool
	Errors                                map[string]string // field → translated message
}

type adsData struct {
	Page
	Rows       []slotRow
	CSP        string
	Errors     map[string]string // "form", "csp"
	Demo       bool              // no slots saved yet: the rows are the demo house ads
	JSON       string            // the stored setting, read-only
	Placements []ads.Placement
	Heights    []int
	Slugs      string // the site's category slugs, for the hint
	Directives string
}

func (h *Handler) adsForm(w http.ResponseWriter, r *http.Request) error {
	kv, err := h.store.Settings(r.Context())
	if err != nil {
		return fmt.Errorf("admin: ad slots: %w", err)
	}
	d := &adsData{CSP: kv[ads.SettingCSP], Errors: map[string]string{}}
	raw, saved := kv[ads.SettingSlots]
	var set ads.Set
	if !saved {
		s := info(r).Site
		set, d.Demo = ads.Demo(h.i18n, s.Lang, s.Name), true
	} else if strings.TrimSpace(raw) != "" {
		d.JSON = raw
		if err := json.Unmarshal([]byte(raw), &set); err != nil {
			d.Errors["form"] = "admin.ads.error.json"
		} else {
			d.JSON = readableJSON(set)
		}
	}
	rows := make([]slotRow, len(set))
	for i, s := range set {
		rows[i] = rowFromSlot(i, s)
	}
	return h.adsPage(w, r, http.StatusOK, d, rows, set.Check())
}

func rowFromSlot(i int, s ads.Slot) slotRow {
	row := slotRow{Index: i, ID: s.ID, Placement: string(s.Placement), HTML: s.HTML, Enabled: s.Enabled, Eager: s.Eager,
		MinHeight: strconv.Itoa(s.Height()), Categories: strings.Join(s.Categories, ", "), Order: strconv.Itoa(i + 1)}
	if n := s.AfterParagraph + s.AfterBlock; n != 0 {
		row.After = strconv.Itoa(n)
	}
	return row
}

// adsPage shows the form: rows with their errors (problems found by
// ads.Set.Check on the slots in row order), then an empty row for a new slot.
func (h *Handler) adsPage(w http.ResponseWriter, r *http.Request, status int, d *adsData, rows []slotRow, problems []*ads.SlotError) error {
	d.Page = h.page(r, "settings")
	d.Title = d.T("admin.ads.title")
	d.Placements, d.Heights, d.Directives = ads.Placements, ads.Heights, strings.Join(ads.ExtendableDirectives, ", ")
	for _, p := range problems {
		if p.Index < 0 || p.Index >= len(rows) {
			d.Errors["form"] = "admin.ads.error.too_many"
			continue
		}
		field := p.Field
		if field == "after_paragraph" || field == "after_block" {
			field = "after"
		}
		if rows[p.Index].Errors == nil {
			rows[p.Index].Errors = map[string]string{}
		}
		if _, taken := rows[p.Index].Errors[field]; !taken {
			rows[p.Index].Errors[field] = h.slotMessage(d.Page, p)
		}
	}
	for k, v := range d.Errors {
		switch {
		case v == "admin.ads.error.too_many":
			d.Errors[k] = d.T(v, ads.MaxSlots)
		case strings.HasPrefix(v, "admin."):
			d.Errors[k] = d.T(v)
		}
	}
	for i := range rows {
		rows[i].Index = i
	}
	d.Rows = append(rows, slotRow{Index: len(rows), New: true, Enabled: true, Placement: string(ads.InArticle), Order: strconv.Itoa(len(rows) + 1)})
	cats, err := h.store.Categories(r.Context())
	if err != nil {
		return fmt.Errorf("admin: ad slots: %w", err)
	}
	slugs := make([]string, len(cats))
	for i, c := range cats {
		slugs[i] = c.Slug
	}
	d.Slugs = strings.Join(slugs, ", ")
	return h.render(w, r, status, "ads", d)
}

// slotMessage says a broken slot rule in the page's language.
func (h *Handler) slotMessage(p Page, e *ads.SlotError) string {
	switch e.Rule {
	case "too_long":
		return p.T("admin.ads.error.too_long", ads.MaxSnippet)
	case "min_height":
		return p.T("admin.ads.error.min_height", ads.Heights[len(ads.Heights)-1])
	case "required":
		return p.T("admin.ads.error.after_" + e.Field[len("after_"):])
	case "html_open", "html_close", "html_tag", "category":
		return p.T("admin.ads.error."+e.Rule, e.Detail)
	case "id", "placement", "html_comment", "duplicate", "invalid":
		return p.T("admin.ads.error." + e.Rule)
	}
	return e.Error() // a rule this form does not know yet: English, but said
}

// adsSave reads the slot rows, drops the removed and blank ones, orders the
// rest by their order field, and saves them with the CSP sources once
// ads.Set.Check and ads.ParseCSP accept them; otherwise the form comes back
// as typed with each problem next to its field.
func (h *Handler) adsSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &adsData{CSP: strings.ReplaceAll(r.PostFormValue("csp"), "\r\n", "\n"), Errors: map[string]string{}}
	rows, set, problems := readSlotRows(r)
	cats, err := h.store.Categories(ctx)
	if err != nil {
		return fmt.Errorf("admin: ad slots: %w", err)
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c.Slug] = true
	}
	for i, s := range set {
		for _, c := range s.Categories {
			if !known[c] {
				problems = append(problems, &ads.SlotError{Index: i, Field: "categories", Rule: "category", Detail: c})
				break
			}
		}
	}
	problems = append(problems, set.Check()...)
	var cspErr *ads.CSPError
	if _, err := ads.ParseCSP(d.CSP); errors.As(err, &cspErr) {
		p := h.page(r, "")
		if cspErr.Source == "" {
			d.Errors["csp"] = p.T("admin.ads.error.csp_directive", cspErr.Line, cspErr.Directive)
		} else {
			d.Errors["csp"] = p.T("admin.ads.error.csp_source", cspErr.Line, cspErr.Source, cspErr.Directive)
		}
	}
	if len(problems) > 0 || len(d.Errors) > 0 {
		d.Errors["form"] = "admin.editor.has_errors"
		return h.adsPage(w, r, http.StatusUnprocessableEntity, d, rows, problems)
	}
	raw := "[]" // no slots: no ads (an absent setting would bring back the demo's)
	if len(set) > 0 {
		if raw, err = set.Encode(); err != nil {
			return fmt.Errorf("admin: ad slots: %w", err)
		}
	}
	if err := h.store.SaveSettings(ctx, map[string]string{ads.SettingSlots: raw, ads.SettingCSP: d.CSP}); err != nil {
		return fmt.Errorf("admin: save ad slots: %w", err)
	}
	h.audit(ctx, currentUser(r), "settings.ads", "", fmt.Sprintf("%d slots", len(set)))
	h.changed(ctx, Change{Kind: "settings"})
	return h.redirect(w, r, "/admin/settings/ads", "admin.flash.saved")
}

// readSlotRows reads the form's rows (slot.N.field), keeps the ones to
// save in their chosen order, and returns them with the slots they make
// (row i is slot i; the rows ticked for removal follow) and the problems
// of numbers that are not numbers.
func readSlotRows(r *http.Request) ([]slotRow, ads.Set, []*ads.SlotError) {
	n, _ := strconv.Atoi(r.PostFormValue("rows")) // absent or broken: no rows
	n = min(max(n, 0), ads.MaxSlots+1)
	type keyed struct {
		row   slotRow
		order int
	}
	var kept []keyed
	var removed []slotRow // shown again, still ticked, when the form comes back
	for i := range n {
		v := func(k string) string { return strings.TrimSpace(r.PostFormValue(fmt.Sprintf("slot.%d.%s", i, k))) }
		row := slotRow{ID: v("id"), Placement: v("placement"), HTML: strings.ReplaceAll(r.PostFormValue(fmt.Sprintf("slot.%d.html", i)), "\r\n", "\n"),
			MinHeight: v("min_height"), After: v("after"), Categories: v("categories"), Order: v("order"),
			Enabled: v("enabled") != "", Eager: v("eager") != "", Remove: v("remove") != ""}
		if row.ID == "" && strings.TrimSpace(row.HTML) == "" && row.Categories == "" {
			continue
		}
		if row.Remove {
			removed = append(removed, row)
			continue
		}
		order, err := strconv.Atoi(row.Order)
		if err != nil {
			order = i + 1
		}
		kept = append(kept, keyed{row, order})
	}
	sort.SliceStable(kept, func(a, b int) bool { return kept[a].order < kept[b].order })
	rows := make([]slotRow, len(kept))
	set := make(ads.Set, len(kept))
	var problems []*ads.SlotError
	num := func(i int, field, s string) int {
		if s == "" {
			return 0
		}
		x, err := strconv.Atoi(s)
		if err != nil {
			problems = append(problems, &ads.SlotError{Index: i, Field: field, Rule: "invalid"})
		}
		return x
	}
	for i, k := range kept {
		row := k.row
		row.Order = strconv.Itoa(i + 1)
		rows[i] = row
		s := ads.Slot{ID: row.ID, Placement: ads.Placement(row.Placement), Enabled: row.Enabled, Eager: row.Eager, HTML: row.HTML,
			MinHeight: num(i, "min_height", row.MinHeight)}
		after := num(i, "after", row.After)
		switch s.Placement {
		case ads.InArticle:
			s.AfterParagraph = after
		case ads.Home:
			s.AfterBlock = after
		}
		for _, c := range strings.Split(row.Categories, ",") {
			if c = strings.TrimSpace(c); c != "" {
				s.Categories = append(s.Categories, c)
			}
		}
		set[i] = s
	}
	return append(rows, removed...), set, problems
}

// readableJSON is the set as JSON for people: indented, with the snippets'
// < and > as they are (Encode escapes them).
func readableJSON(set ads.Set) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(set); err != nil {
		return ""
	}
	return b.String()
}
