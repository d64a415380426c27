package admin

import (
	"context"
	"fmt"
	"github.com/kiosque/kiosque/internal/browsertest"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/web"
)

// TestBrowserWritesAndPublishes drives headless Chromium through the
// newsroom: log in, upload an image, write an article with it, publish it,
// and find it on the public home page and article page. The site and the
// admin are composed the way cmd/kiosque serves them.
func TestBrowserWritesAndPublishes(t *testing.T) {
	ctx := browsertest.New(t, 390, 844, 90*time.Second) // a phone's viewport
	e := newEnv(t)
	e.clock.Set(time.Now()) // the public site reads the real clock
	site, err := web.New(web.Options{Store: e.st, Messages: i18n.MustNew()})
	must(t, err)
	mux := http.NewServeMux()
	mux.Handle("/admin/", e.h)
	mux.Handle("GET /media/{id}/{variant}", MediaHandler(e.st, site))
	mux.Handle("/", site)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	img := filepath.Join(t.TempDir(), "astana.png")
	must(t, os.WriteFile(img, testImage(t, "png", 1000, 500), 0o600))

	title := "Sommet d'Astana : les cinq capitales signent"
	var home, articleHTML, flash string
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/admin/"),
		chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), "editor@example.org"),
		chromedp.SendKeys(css(`#password`), testPassword),
		chromedp.Submit(css(`#password`)),
		chromedp.WaitVisible(css(`header.top nav`)),

		chromedp.Navigate(srv.URL+"/admin/media/"),
		chromedp.WaitVisible(css(`#file`)),
		chromedp.SetUploadFiles(css(`#file`), []string{img}),
		chromedp.SendKeys(css(`#alt`), "La place centrale d'Astana"),
		chromedp.Submit(css(`#file`)),
		chromedp.WaitVisible(css(`.media-grid figure`)),

		chromedp.Navigate(srv.URL+"/admin/articles/new"),
		chromedp.WaitVisible(css(`#title`)),
		chromedp.SendKeys(css(`#title`), title),
		chromedp.SendKeys(css(`#lead`), "Les dirigeants d'Asie centrale ont adopté une déclaration commune."),
		chromedp.SendKeys(css(`#body`), "Premier paragraphe du récit.\n\nSecond paragraphe, avec **du gras**."),
		chromedp.SetValue(css(`#image_url`), "/media/1/orig"),
		chromedp.SetValue(css(`#image_alt`), "La place centrale d'Astana"),
		// The script's preview fills the preview box in place.
		chromedp.Click(css(`button[value="preview"]`)),
		chromedp.WaitVisible(css(`#preview strong`)),
		chromedp.Click(css(`button[value="publish"]`)),
		chromedp.WaitVisible(css(`.flash`)),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	flash, err = chromedp.Run(ctx, chromedp.Text(css(`.flash`)))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady(css(`body`))))
	home, err = chromedp.Run(ctx, chromedp.OuterHTML(css(`body`)))
	must(t, err)
	if flash != "Article publié." {
		t.Errorf("flash after publishing: %q", flash)
	}
	if !strings.Contains(home, "Sommet d’Astana") && !strings.Contains(home, "Sommet d'Astana") && !strings.Contains(home, "Sommet d&#39;Astana") {
		t.Fatalf("the published article is not on the home page:\n%.2000s", home)
	}
	a, _, err := e.st.ListArticles(context.Background(), storeFilterPublished())
	must(t, err)
	if len(a) != 1 || a[0].Image.URL != "/media/1/orig" {
		t.Fatalf("published articles: %+v", a)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/%s/", srv.URL, a[0].Slug)),
		chromedp.WaitVisible(css(`h1`)),
	))
	articleHTML, err = chromedp.Run(ctx, chromedp.OuterHTML(css(`body`)))
	must(t, err)
	if !strings.Contains(articleHTML, `/media/1/orig`) || !strings.Contains(articleHTML, "<strong>du gras</strong>") {
		t.Fatalf("article page lacks the image or the body:\n%.3000s", articleHTML)
	}
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

func storeFilterPublished() store.ArticleFilter {
	return store.ArticleFilter{Status: article.Published}
}
