package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/wxr"
)

// writeLargeWXR generates a realistic export at path: posts posts with
// Gutenberg bodies of about 3 KB, commentsPer threaded comments each (one
// in ten pending, one in twenty spam), 10 authors, 20 categories in three
// levels and 200 tags.
func writeLargeWXR(tb testing.TB, path string, posts, commentsPer int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := wxr.NewWriter(f)
	_ = w.Start(wxr.Channel{Title: "Grand site", Link: "https://grand.example", Language: "fr-FR", BaseSiteURL: "https://grand.example"})
	for i := 1; i <= 10; i++ {
		_ = w.Author(wxr.Author{ID: int64(i), Login: fmt.Sprintf("auteur%d", i), DisplayName: fmt.Sprintf("Auteur Numéro %d", i)})
	}
	for i := 0; i < 20; i++ {
		parent := ""
		if i >= 5 {
			parent = fmt.Sprintf("rubrique-%d", i/4-1)
		}
		_ = w.Category(wxr.Category{TermID: int64(i + 1), Slug: fmt.Sprintf("rubrique-%d", i), Parent: parent, Name: fmt.Sprintf("Rubrique %d", i)})
	}
	for i := 0; i < 200; i++ {
		_ = w.Tag(wxr.Tag{TermID: int64(100 + i), Slug: fmt.Sprintf("mot-%d", i), Name: fmt.Sprintf("Mot %d", i)})
	}
	para := "<!-- wp:paragraph -->\n<p>Les ministres se sont retrouvés pour parler de l'eau, de l'énergie et des routes commerciales, sans annonce spectaculaire mais avec des engagements précis.</p>\n<!-- /wp:paragraph -->\n\n"
	body := strings.Repeat(para, 14) + `[caption id="attachment_1" width="300"]<img src="https://grand.example/wp-content/uploads/a.jpg" alt="" /> Une légende.[/caption]`
	date := time.Date(2020, 1, 1, 8, 0, 0, 0, time.UTC)
	cid := int64(0)
	for i := 1; i <= posts; i++ {
		d := date.Add(time.Duration(i) * time.Hour)
		it := &wxr.Item{
			Title: fmt.Sprintf("Article numéro %d : la coopération régionale avance", i), Link: fmt.Sprintf("https://grand.example/%s/article-%d/", d.Format("2006/01/02"), i),
			Creator: fmt.Sprintf("auteur%d", i%10+1), GUID: fmt.Sprintf("https://grand.example/?p=%d", i),
			Content: body, Excerpt: "Un chapô de quelques mots.", PostID: int64(i), PostDate: d, Name: fmt.Sprintf("article-%d", i),
			Status: "publish", Type: "post",
			Terms: []wxr.TermRef{{Domain: "category", Slug: fmt.Sprintf("rubrique-%d", i%20), Name: "R"},
				{Domain: "post_tag", Slug: fmt.Sprintf("mot-%d", i%200), Name: "M"}, {Domain: "post_tag", Slug: fmt.Sprintf("mot-%d", (i*7)%200), Name: "M"}},
		}
		for c := 0; c < commentsPer; c++ {
			cid++
			parent := int64(0)
			if c%2 == 1 {
				parent = cid - 1
			}
			state := wxr.CommentApproved
			switch {
			case cid%20 == 0:
				state = wxr.CommentSpam
			case cid%10 == 0:
				state = wxr.CommentPending
			}
			it.Comments = append(it.Comments, wxr.Comment{ID: cid, Author: "Lecteur", AuthorEmail: fmt.Sprintf("lecteur%d@example.org", cid%500),
				Date: d.Add(time.Duration(c+1) * time.Minute), Content: "Merci pour cet article, très clair sur les enjeux.", Approved: state, Parent: parent})
		}
		if err := w.Item(it); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportWXR imports a generated export of 10,000 posts and
// 50,000 comments (-short: 2,000 and 10,000) into a fresh SQLite database
// and reports the time and the peak Go heap. For the process's peak RSS:
//
//	go test -c -o /tmp/imp.test ./internal/importer && cd internal/importer &&
//	/usr/bin/time -v /tmp/imp.test -test.run XXX -test.bench ImportWXR -test.benchtime 1x
//
// On 2 cores (2026-11-27): about 30 s and 6 MB of heap, 29 MB RSS.
func BenchmarkImportWXR(b *testing.B) {
	posts := 10_000
	if testing.Short() {
		posts = 2000
	}
	path := filepath.Join(b.TempDir(), "large.xml")
	writeLargeWXR(b, path, posts, 5)
	fi, _ := os.Stat(path)
	b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	for b.Loop() {
		b.StopTimer()
		st := openStore(b)
		runtime.GC()
		var peak atomic.Uint64
		stop := sampleHeap(&peak)
		b.StartTimer()
		start := time.Now()
		sum, err := ImportWXR(context.Background(), st, path, WXROptions{})
		elapsed := time.Since(start)
		b.StopTimer()
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Articles != posts || len(sum.Problems) > 0 {
			b.Fatalf("imported: %s %q", sum.Line(), sum.Problems)
		}
		b.ReportMetric(elapsed.Seconds(), "s/import")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(sum.Comments), "comments")
		b.StartTimer()
	}
}

// sampleHeap records the largest HeapInuse+StackInuse seen every 10 ms
// until the returned stop is called.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if v := ms.HeapInuse + ms.StackInuse; v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
