package evaluation

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/store"
)

func TestTune(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip("set TUNE=1")
	}
	arts, pairs, err := Load(devDir(t))
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string]func(*related.Params){
		"s150sq":      func(p *related.Params) { p.TFPower = 0.5; p.NameBoost = 1.5; p.SignatureSize = 150 },
		"s150sq-min05": func(p *related.Params) { p.TFPower = 0.5; p.NameBoost = 1.5; p.SignatureSize = 150; p.MinScore = 0.05 },
	}
	for name, v := range variants {
		p := related.DefaultParams
		v(&p)
		c := related.NewCorpus(p)
		ids := map[string]article.ID{}
		ext := map[article.ID]string{}
		at := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		for i, a := range arts {
			id := article.ID(i + 1)
			ids[a.ID], ext[id] = id, a.ID
			c.Add(related.Doc{ID: id, Lang: a.Lang, Title: a.Title, Body: a.Body, PublishedAt: at})
		}
		c.Build()
		m := func(id string, n int) ([]string, error) {
			var out []string
			for _, l := range c.Related(ids[id], n) {
				out = append(out, ext[l.Related])
			}
			return out, nil
		}
		for _, lang := range []string{"en", "fr"} {
			f, _ := Measure(arts, pairs, lang, m)
			fmt.Printf("%-10s %s p3=%.3f same=%.3f unrel=%.3f\n", name, lang, f.BBCPrecision3, f.SameStoryTop10, f.UnrelatedTop3)
		}
		first := map[article.ID][]store.RelatedLink{}
		for i := range arts {
			first[article.ID(i+1)] = c.Related(article.ID(i+1), 20)
		}
		for _, lambda := range []float64{0.5, 1, 2} {
			m2 := func(id string, n int) ([]string, error) {
				var out []string
				for _, l := range c.RelatedTwoHop(ids[id], n, lambda, first) {
					out = append(out, ext[l.Related])
				}
				return out, nil
			}
			for _, lang := range []string{"en", "fr"} {
				f, _ := Measure(arts, pairs, lang, m2)
				fmt.Printf("%-10s 2hop%.1f %s p3=%.3f same=%.3f unrel=%.3f\n", name, lambda, lang, f.BBCPrecision3, f.SameStoryTop10, f.UnrelatedTop3)
			}
		}
	}
}
