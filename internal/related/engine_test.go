package related_test

import (
	"context"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var stories = []struct{ title, body string }{
	{"Antony Blinken en visite à Astana", "Le secrétaire d'État Antony Blinken a rencontré les dirigeants d'Asie centrale à Astana pour parler de sécurité régionale et de commerce."},
	{"À Astana, Antony Blinken courtise l'Asie centrale", "Antony Blinken poursuit sa tournée en Asie centrale : après Astana, il se rendra à Tachkent. La sécurité régionale domine les entretiens."},
	{"Le PSG remporte le classique", "Le Paris Saint-Germain a battu l'Olympique de Marseille au Parc des Princes, devant un public conquis. Les buteurs ont brillé."},
	{"Marseille battu au Parc des Princes", "L'Olympique de Marseille s'est incliné face au Paris Saint-Germain. L'entraîneur regrette les occasions manquées par ses buteurs."},
	{"La récolte du coton en Ouzbékistan", "Les champs de coton d'Ouzbékistan emploient des milliers de saisonniers ; la récolte mécanique progresse lentement."},
}

func TestEngine(t *testing.T) {
	ctx := context.Background()
	clock := storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	st := storetest.OpenSQLite(t, clock.Now)
	eng := &related.Engine{Store: st, Now: clock.Now}
	var ids []article.ID
	for i, s := range stories {
		a := &article.Article{Title: s.title, Body: s.body, Lang: "fr", Status: article.Published,
			PublishedAt: clock.Now().Add(-time.Duration(len(stories)-i) * time.Hour)}
		if err := st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := eng.Update(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	// The first article was analyzed alone; the second one's analysis put
	// itself in the first one's list.
	for i, want := range map[int]article.ID{0: ids[1], 1: ids[0], 2: ids[3], 3: ids[2]} {
		got, err := eng.Choose(ctx, ids[i], 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].Article.ID != want {
			t.Errorf("article %d: related %v, want %d first", ids[i], titles(got), want)
		}
		for _, c := range got {
			if c.Article.ID == ids[i] || c.Score <= 0 || c.Score > 1 {
				t.Errorf("article %d: bad related %d (score %v)", ids[i], c.Article.ID, c.Score)
			}
		}
	}

	// A copy of the same story (imported twice) is never proposed.
	dup := &article.Article{Title: stories[0].title, Body: stories[0].body, Lang: "fr", Status: article.Published, PublishedAt: clock.Now()}
	if err := st.CreateArticle(ctx, dup); err != nil {
		t.Fatal(err)
	}
	if err := eng.Update(ctx, dup.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []article.ID{ids[0], dup.ID} {
		got, _ := eng.Choose(ctx, id, 5)
		for _, c := range got {
			if (id == ids[0] && c.Article.ID == dup.ID) || (id == dup.ID && c.Article.ID == ids[0]) {
				t.Errorf("near-duplicate proposed: %d for %d", c.Article.ID, id)
			}
		}
	}

	// Unpublishing takes an article out of the others' lists.
	a, _ := st.Article(ctx, ids[1])
	a.Status = article.Draft
	if err := st.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := eng.Update(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	links, err := st.Related(ctx, ids[0], 10, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		if l.Related == ids[1] {
			t.Errorf("unpublished article still stored as related: %v", links)
		}
	}

	// Rebuild gives the same choices as incremental analysis for the
	// articles present from the start.
	if err := eng.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := eng.Choose(ctx, ids[2], 1)
	if len(got) != 1 || got[0].Article.ID != ids[3] {
		t.Errorf("after rebuild: %v", titles(got))
	}
	var _ store.SearchIndex = st
}

func titles(cs []related.Chosen) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Article.Title)
	}
	return out
}

// A title that is only the body's first line (an import without title)
// counts as body; a headline counts TitleWeight times more.
func TestDerivedTitleCountsOnce(t *testing.T) {
	p := related.DefaultParams
	body := "Le sommet d'Astana s'ouvre lundi sous haute surveillance."
	for _, tt := range []struct {
		title string
		want  float64
	}{
		{"Le sommet d'Astana…", 1},
		{body, 1},
		{"Sommet sous surveillance", 1 + p.TitleWeight},
	} {
		c := p.Counts(related.Doc{Lang: "fr", Title: tt.title, Body: body})
		if got := c["sommet"]; got != tt.want {
			t.Errorf("title %q: sommet counts %v, want %v", tt.title, got, tt.want)
		}
	}
}
