// Package site holds the site-wide settings an editor controls (name,
// language, time zone, comment policy…), their defaults and their validation.
// They are stored as key/value pairs (store.Settings); this package is the
// one place that knows the keys.
package site

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CommentPolicy says who may comment and when.
type CommentPolicy string

// Comment policies.
const (
	CommentsOpen   CommentPolicy = "open"
	CommentsClosed CommentPolicy = "closed"
)

// Settings are the site-wide settings.
type Settings struct {
	Name     string
	Tagline  string
	Lang     string // interface and default content language: "fr" or "en"
	TimeZone string // IANA name, e.g. "Europe/Paris"
	BaseURL  string // canonical origin, e.g. "https://example.org" (no trailing slash)

	Comments          CommentPolicy
	HoldFirstComment  bool // first comment of a new commenter waits for a moderator
	CloseCommentsDays int  // 0: never close by age
	IPRetentionDays   int  // commenters' IPs are anonymized after this many days

	AdsTxt      string
	PrivacyText string // extra text an editor adds to the privacy page (Markdown)
}

// Defaults returns the settings of a new site.
func Defaults() Settings {
	return Settings{
		Name:            "Kiosque",
		Lang:            "fr",
		TimeZone:        "Europe/Paris",
		BaseURL:         "http://127.0.0.1:8080",
		Comments:        CommentsOpen,
		IPRetentionDays: 30,
	}
}

// FromMap reads settings from stored key/value pairs over the defaults;
// unknown keys are ignored and unreadable values keep their default.
func FromMap(kv map[string]string) Settings {
	s := Defaults()
	str := func(key string, dst *string) {
		if v, ok := kv[key]; ok {
			*dst = v
		}
	}
	num := func(key string, dst *int) {
		if n, err := strconv.Atoi(kv[key]); err == nil {
			*dst = n
		}
	}
	str("site.name", &s.Name)
	str("site.tagline", &s.Tagline)
	str("site.lang", &s.Lang)
	str("site.timezone", &s.TimeZone)
	str("site.base_url", &s.BaseURL)
	if v, ok := kv["comments.policy"]; ok {
		s.Comments = CommentPolicy(v)
	}
	s.HoldFirstComment = kv["comments.hold_first"] == "true"
	num("comments.close_after_days", &s.CloseCommentsDays)
	num("comments.ip_retention_days", &s.IPRetentionDays)
	str("ads.txt", &s.AdsTxt)
	str("privacy.text", &s.PrivacyText)
	return s
}

// Map returns the settings as key/value pairs for store.Settings.
func (s Settings) Map() map[string]string {
	return map[string]string{
		"site.name":                  s.Name,
		"site.tagline":               s.Tagline,
		"site.lang":                  s.Lang,
		"site.timezone":              s.TimeZone,
		"site.base_url":              s.BaseURL,
		"comments.policy":            string(s.Comments),
		"comments.hold_first":        strconv.FormatBool(s.HoldFirstComment),
		"comments.close_after_days":  strconv.Itoa(s.CloseCommentsDays),
		"comments.ip_retention_days": strconv.Itoa(s.IPRetentionDays),
		"ads.txt":                    s.AdsTxt,
		"privacy.text":               s.PrivacyText,
	}
}

// Location returns the site's time zone, UTC if the name is unknown.
func (s Settings) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Validate returns per-field catalog keys for invalid settings, or nil.
func (s Settings) Validate() map[string]string {
	fe := map[string]string{}
	if strings.TrimSpace(s.Name) == "" {
		fe["name"] = "error.required"
	}
	if s.Lang != "fr" && s.Lang != "en" {
		fe["lang"] = "error.lang_invalid"
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		fe["timezone"] = "error.timezone_invalid"
	}
	if u, err := url.Parse(s.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fe["base_url"] = "error.url_invalid"
	}
	if s.Comments != CommentsOpen && s.Comments != CommentsClosed {
		fe["comments"] = "error.invalid"
	}
	if s.CloseCommentsDays < 0 || s.IPRetentionDays < 1 {
		fe["days"] = "error.invalid"
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// URL joins the base URL and a site path ("/slug/").
func (s Settings) URL(path string) string {
	return strings.TrimRight(s.BaseURL, "/") + path
}

// String is for logs.
func (s Settings) String() string { return fmt.Sprintf("site %q (%s)", s.Name, s.Lang) }
