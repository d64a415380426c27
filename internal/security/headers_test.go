package security

import (
	"context"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store/storetest"
	"github.com/kiosque/kiosque/internal/web"
)

// TestHSTSFollowsTheSiteAddress checks Strict-Transport-Security is sent
// when the site's address is https, whether it comes from --base-url or
// from the site.base_url setting, and never for a plain-HTTP site (it
// would lock readers out).
func TestHSTSFollowsTheSiteAddress(t *testing.T) {
	tests := []struct {
		name, option, setting string
		want                  bool
	}{
		{"https option", "https://canard.example", "", true},
		{"https setting", "", "https://canard.example", true},
		{"http setting", "", "http://canard.example", false},
		{"http option over an https setting", "http://127.0.0.1:8080", "https://canard.example", false},
		{"nothing", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := storetest.OpenSQLite(t, func() time.Time { return now })
			if tt.setting != "" {
				if err := st.SaveSettings(context.Background(), map[string]string{"site.base_url": tt.setting}); err != nil {
					t.Fatal(err)
				}
			}
			h, err := web.New(web.Options{Store: st, Messages: i18n.MustNew(), BaseURL: tt.option})
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/", "/privacy/", "/nope/"} {
				resp := get(t, h, path)
				got := resp.Header.Get("Strict-Transport-Security") != ""
				if got != tt.want {
					t.Errorf("GET %s: HSTS %v, want %v", path, got, tt.want)
				}
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s: %d", path, resp.StatusCode)
				}
			}
		})
	}
}
