// Package ads models advertising slots: where they go on a page (header,
// inside an article after paragraph N, sidebar, end of article, between the
// home page's blocks), the HTML snippet they show, the space they reserve so
// nothing jumps while an ad loads, which categories they target and whether
// they load lazily. Slots are stored as one JSON setting (SettingSlots) that
// editors change; the demo site gets house ads.
//
// Snippets are HTML written by the site's editors (or their ad network) and
// are trusted like the rest of the settings: they are shown as they are.
// What they may load is limited by the Content-Security-Policy, which the
// site extends with SettingCSP (see CSP and docs/ads.md).
package ads

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Setting keys in store.Settings.
const (
	SettingSlots = "ads.slots" // JSON array of Slot
	SettingCSP   = "ads.csp"   // extra CSP sources, one directive a line
)

// Placement is where on the site a slot shows.
type Placement string

// The placements pages offer.
const (
	Header    Placement = "header"     // under the site header, on every page
	InArticle Placement = "in-article" // in an article's body, after paragraph AfterParagraph
	Sidebar   Placement = "sidebar"    // beside the article on wide screens
	End       Placement = "end"        // after the article, before the comments
	Home      Placement = "home"       // on the home page, after section AfterBlock
)

// Placements lists every placement, in page order.
var Placements = []Placement{Header, InArticle, Sidebar, End, Home}

// Heights are the reserved heights (CSS pixels) a slot may ask for; each has
// a class "ad-h-N" in the stylesheet. The site's Content-Security-Policy
// allows no inline style, so a slot's MinHeight is rounded up to one of
// these. They are the common ad formats' heights.
var Heights = []int{50, 90, 100, 250, 280, 600}

// Slot is one ad placement and what it shows.
type Slot struct {
	ID        string    `json:"id"` // short name, unique: "header", "article-1"
	Placement Placement `json:"placement"`
	Enabled   bool      `json:"enabled"`
	HTML      string    `json:"html"`       // the snippet shown inside the slot
	MinHeight int       `json:"min_height"` // px reserved before the ad loads
	// AfterParagraph places an in-article slot after that paragraph (1 =
	// after the first); an article with fewer paragraphs does not show it.
	AfterParagraph int `json:"after_paragraph,omitempty"`
	// AfterBlock places a home slot after that home section (1 = after the
	// first block).
	AfterBlock int `json:"after_block,omitempty"`
	// Categories, when not empty, restricts the slot to articles and pages
	// of these category slugs.
	Categories []string `json:"categories,omitempty"`
	// Eager loads the slot's images and frames at once. By default only
	// header slots do; the others sit below the fold and load lazily.
	Eager bool `json:"eager,omitempty"`
}

// Limits checked by Validate.
const (
	MaxSlots   = 50
	MaxSnippet = 20000
)

// A SlotError is a rule a slot breaks. Besides its English message it says
// which slot and field, and names the rule, so that a form can show the
// problem next to the field in the editor's language.
type SlotError struct {
	Index  int    // the slot's position in the set (0 from Slot.Validate; -1: the set as a whole)
	ID     string // the slot's id as given
	Field  string // JSON name of the field: "id", "placement", "html", "min_height", "after_paragraph", "after_block"; "" for the set
	Rule   string // "id", "placement", "too_long", "min_height", "required", "duplicate", "html_open", "html_close", "html_comment", "html_tag", "too_many"
	Detail string // the tag at fault for the html_ rules
	msg    string
}

func (e *SlotError) Error() string { return e.msg }

// Validate returns the first broken rule as a *SlotError, or nil.
func (s Slot) Validate() error {
	if errs := s.check(); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// check returns every rule the slot breaks, in field order.
func (s Slot) check() []*SlotError {
	var out []*SlotError
	add := func(field, rule, detail, format string, args ...any) {
		msg := fmt.Sprintf("ads: slot %q: ", s.ID) + fmt.Sprintf(format, args...)
		out = append(out, &SlotError{ID: s.ID, Field: field, Rule: rule, Detail: detail, msg: msg})
	}
	if s.ID == "" || len(s.ID) > 40 || strings.Trim(s.ID, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		add("id", "id", "", "id must be 1-40 of a-z, 0-9, - and _")
	}
	if !validPlacement(s.Placement) {
		add("placement", "placement", "", "unknown placement %q", s.Placement)
	}
	if len(s.HTML) > MaxSnippet {
		add("html", "too_long", "", "snippet longer than %d bytes", MaxSnippet)
	} else if rule, tag := snippetProblem(s.HTML); rule != "" {
		add("html", rule, tag, "snippet would spill over the page (%s %s)", rule, tag)
	}
	if s.MinHeight < 0 || s.MinHeight > Heights[len(Heights)-1] {
		add("min_height", "min_height", "", "min_height must be 0-%d", Heights[len(Heights)-1])
	}
	if s.Placement == InArticle && s.AfterParagraph < 1 {
		add("after_paragraph", "required", "", "in-article slots need after_paragraph ≥ 1")
	}
	if s.Placement == Home && s.AfterBlock < 1 {
		add("after_block", "required", "", "home slots need after_block ≥ 1")
	}
	return out
}

func validPlacement(p Placement) bool {
	for _, q := range Placements {
		if p == q {
			return true
		}
	}
	return false
}

// Height is the reserved height class for the slot: the smallest of Heights
// at least MinHeight, 0 when the slot reserves nothing.
func (s Slot) Height() int {
	if s.MinHeight <= 0 {
		return 0
	}
	for _, h := range Heights {
		if h >= s.MinHeight {
			return h
		}
	}
	return Heights[len(Heights)-1]
}

// Lazy reports whether the slot's images and frames load lazily.
func (s Slot) Lazy() bool { return !s.Eager && s.Placement != Header }

// Targets reports whether the slot shows on a page of category (a slug, ""
// for pages outside any category).
func (s Slot) Targets(category string) bool {
	if len(s.Categories) == 0 {
		return true
	}
	for _, c := range s.Categories {
		if c == category {
			return true
		}
	}
	return false
}

// Set is the site's slots.
type Set []Slot

// Parse reads slots from their JSON setting and validates them. An empty
// string is an empty set.
func Parse(raw string) (Set, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var set Set
	if err := json.Unmarshal([]byte(raw), &set); err != nil {
		return nil, fmt.Errorf("ads: %s: %w", SettingSlots, err)
	}
	return set, set.Validate()
}

// Validate checks every slot and that IDs are unique; it returns the first
// problem Check finds.
func (set Set) Validate() error {
	if errs := set.Check(); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// Check returns every rule the set breaks, slot by slot, with each
// SlotError's Index set.
func (set Set) Check() []*SlotError {
	var out []*SlotError
	if len(set) > MaxSlots {
		out = append(out, &SlotError{Index: -1, Rule: "too_many", msg: fmt.Sprintf("ads: %d slots, at most %d", len(set), MaxSlots)})
	}
	seen := map[string]bool{}
	for i, s := range set {
		for _, e := range s.check() {
			e.Index = i
			out = append(out, e)
		}
		if s.ID != "" && seen[s.ID] {
			out = append(out, &SlotError{Index: i, ID: s.ID, Field: "id", Rule: "duplicate", msg: fmt.Sprintf("ads: slot id %q used twice", s.ID)})
		}
		seen[s.ID] = true
	}
	return out
}

// Encode returns the JSON setting value of the set.
func (set Set) Encode() (string, error) {
	if err := set.Validate(); err != nil {
		return "", err
	}
	b, err := json.Marshal(set)
	if err != nil {
		return "", fmt.Errorf("ads: encode: %w", err)
	}
	return string(b), nil
}

// Load reads the slots from the site's settings; a missing key is an empty
// set.
func Load(settings map[string]string) (Set, error) {
	return Parse(settings[SettingSlots])
}

// Pick returns the enabled slots at placement p that target category, in
// order: in-article slots by paragraph, home slots by block, others as
// stored.
func (set Set) Pick(p Placement, category string) []Slot {
	var out []Slot
	for _, s := range set {
		if s.Enabled && s.Placement == p && s.Targets(category) {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].AfterParagraph+out[i].AfterBlock < out[j].AfterParagraph+out[j].AfterBlock
	})
	return out
}

// First returns the first slot Pick finds, and false when there is none.
func (set Set) First(p Placement, category string) (Slot, bool) {
	if s := set.Pick(p, category); len(s) > 0 {
		return s[0], true
	}
	return Slot{}, false
}

// After returns, for in-article (or home) slots, a map from paragraph (or
// block) number to the slot that follows it; when two slots ask for the
// same place, the first one stored wins.
func (set Set) After(p Placement, category string) map[int]Slot {
	out := map[int]Slot{}
	for _, s := range set.Pick(p, category) {
		n := s.AfterParagraph
		if p == Home {
			n = s.AfterBlock
		}
		if _, taken := out[n]; !taken {
			out[n] = s
		}
	}
	return out
}
