package i18n

import (
	"fmt"
	"time"
)

var months = map[string][12]string{
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Date formats a day as readers of lang write it: "27 novembre 2026" in
// French (with "1er" on the first), "November 27, 2026" in English.
func Date(lang string, t time.Time) string {
	m, ok := months[lang]
	if !ok {
		m = months["fr"]
		lang = "fr"
	}
	if lang == "en" {
		return fmt.Sprintf("%s %d, %d", m[t.Month()-1], t.Day(), t.Year())
	}
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, m[t.Month()-1], t.Year())
}

// DateTime is Date followed by the time of day: "27 novembre 2026 à 14 h 05",
// "November 27, 2026 at 2:05 PM".
func DateTime(lang string, t time.Time) string {
	if lang == "en" {
		return Date(lang, t) + " at " + t.Format("3:04 PM")
	}
	return Date(lang, t) + fmt.Sprintf(" à %d h %02d", t.Hour(), t.Minute())
}
