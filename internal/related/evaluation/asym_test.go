package evaluation

import (
	"fmt"
	"math"
	"os"
	"sort"
	"testing"

	"github.com/kiosque/kiosque/internal/related"
)

// Experimental: BM25-like asymmetric scoring over truncated vectors.
func TestAsym(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip("set TUNE=1")
	}
	arts, pairs, err := Load(devDir(t))
	if err != nil {
		t.Fatal(err)
	}
	type vec map[string]float64
	for _, cfg := range []struct {
		name                string
		k                   int
		title, names, b, k1 float64
		qpow                float64
	}{
		{"k150 t3 n1", 150, 3, 1, 0.75, 1.2, 1},
		{"k150 t1 n1", 150, 1, 1, 0.75, 1.2, 1},
		{"k60 t3 n1", 60, 3, 1, 0.75, 1.2, 1},
		{"k150 t3 n1.5", 150, 3, 1.5, 0.75, 1.2, 1},
		{"k150 t2 n1 q.5", 150, 2, 1, 0.75, 1.2, 0.5},
		{"k1000 t1 n1", 1000, 1, 1, 0.75, 1.2, 1},
	} {
		p := related.DefaultParams
		p.TitleWeight, p.LeadWeight, p.NameBoost = cfg.title, cfg.title, cfg.names
		counts := make([]map[string]float64, len(arts))
		df := map[string]int{}
		lens := make([]float64, len(arts))
		avg := map[string]float64{}
		nl := map[string]float64{}
		for i, a := range arts {
			counts[i] = p.Counts(related.Doc{Lang: a.Lang, Title: a.Title, Body: a.Body})
			for t, c := range counts[i] {
				df[t]++
				lens[i] += c
			}
			avg[a.Lang] += lens[i]
			nl[a.Lang]++
		}
		for l := range avg {
			avg[l] /= nl[l]
		}
		N := float64(len(arts))
		qv := make([]vec, len(arts))
		dv := make([]vec, len(arts))
		post := map[string][]int{}
		trunc := func(v vec) vec {
			type tw struct {
				t string
				w float64
			}
			var l []tw
			for t, w := range v {
				l = append(l, tw{t, w})
			}
			sort.Slice(l, func(i, j int) bool { return l[i].w > l[j].w || l[i].w == l[j].w && l[i].t < l[j].t })
			if len(l) > cfg.k {
				l = l[:cfg.k]
			}
			out := vec{}
			for _, x := range l {
				out[x.t] = x.w
			}
			return out
		}
		for i, a := range arts {
			q, d := vec{}, vec{}
			for t, tf := range counts[i] {
				f := float64(df[t])
				idf := math.Log(1 + (N-f+0.5)/(f+0.5))
				q[t] = math.Pow(tf, cfg.qpow) * idf
				d[t] = idf * tf * (cfg.k1 + 1) / (tf + cfg.k1*(1-cfg.b+cfg.b*lens[i]/avg[a.Lang]))
			}
			qv[i], dv[i] = trunc(q), trunc(d)
			for t := range dv[i] {
				post[t] = append(post[t], i)
			}
		}
		idx := map[string]int{}
		for i, a := range arts {
			idx[a.ID] = i
		}
		m := func(id string, n int) ([]string, error) {
			i := idx[id]
			sc := map[string]float64{}
			for t, w := range qv[i] {
				for _, j := range post[t] {
					if j != i && arts[j].Lang == arts[i].Lang {
						sc[arts[j].ID] += w * dv[j][t]
					}
				}
			}
			return topN(sc, n), nil
		}
		for _, lang := range []string{"en", "fr"} {
			f, _ := Measure(arts, pairs, lang, m)
			fmt.Printf("%-16s %s p3=%.3f same=%.3f unrel=%.3f\n", cfg.name, lang, f.BBCPrecision3, f.SameStoryTop10, f.UnrelatedTop3)
		}
	}
}
