package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
)

// CorpusGen writes news-like articles for benchmarks, in French and in
// English (three in five French): a title of 8–12 words, a lead of 25–35
// words and a body of 400–1000 words in paragraphs. Function words take
// about two words in five, as in real text; the other words are drawn
// from a Zipf law over a made-up vocabulary of 40,000 words a language,
// each article leaning on its topic's words (one of 400 topics) and naming
// a few of 2,000 recurring people and places. The vocabulary, topics and
// names are the same for every seed; the same seed gives the same
// articles.
type CorpusGen struct {
	r      *rand.Rand
	langs  map[string]*vocab
	topics []topic
	names  []string
	n      int
}

type vocab struct {
	function []string
	words    []string
	zipf     *rand.Zipf
}

type topic struct {
	lang  string
	words []string
}

var functionWords = map[string][]string{
	"fr": strings.Fields("de la le et les des en un une du dans pour qui que sur au pas plus par avec ne se ce il elle sont a est aux ont été cette mais comme ou leur son sa ses nous vous ils on été lors après avant selon entre sans depuis"),
	"en": strings.Fields("the of and to a in that is was for on it with as by at from his her they have be are this which an not or but had has their its were been after before over into about than who would said will"),
}

var syllables = map[string][]string{
	"fr": strings.Fields("ba ro ti lé ma che on pré si dou ran té vi ai gu mon eu ca lis ter ven or né pa gne oi eau tion ment"),
	"en": strings.Fields("ba ro ti ma ch on pre si do ran te vi ai gu mon ca lis ter ven or ne pa th ing ed ly st ow ea"),
}

// NewCorpusGen returns a generator seeded with seed.
func NewCorpusGen(seed uint64) *CorpusGen {
	r := rand.New(rand.NewPCG(1, 42))
	g := &CorpusGen{r: rand.New(rand.NewPCG(seed, 7)), langs: map[string]*vocab{}}
	for _, lang := range []string{"fr", "en"} {
		v := &vocab{function: functionWords[lang]}
		seen := map[string]bool{}
		syll := syllables[lang]
		for len(v.words) < 40000 {
			var w strings.Builder
			for k := 0; k < 2+r.IntN(3); k++ {
				w.WriteString(syll[r.IntN(len(syll))])
			}
			if !seen[w.String()] {
				seen[w.String()] = true
				v.words = append(v.words, w.String())
			}
		}
		v.zipf = rand.NewZipf(r, 1.07, 2, uint64(len(v.words)-1))
		g.langs[lang] = v
		for t := 0; t < 200; t++ {
			tw := make([]string, 40)
			for k := range tw {
				tw[k] = v.words[300+r.IntN(30000)]
			}
			g.topics = append(g.topics, topic{lang, tw})
		}
	}
	fr := g.langs["fr"].words
	for k := 0; k < 2000; k++ {
		g.names = append(g.names, capital(fr[1000+r.IntN(30000)])+" "+capital(fr[1000+r.IntN(30000)]))
	}
	return g
}

func capital(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}

func (g *CorpusGen) sentence(v *vocab, t topic, names []string, words int) string {
	var b strings.Builder
	for k := 0; k < words; k++ {
		if k > 0 {
			b.WriteByte(' ')
		}
		switch x := g.r.IntN(100); {
		case x < 40:
			b.WriteString(v.function[g.r.IntN(len(v.function))])
		case x < 48:
			b.WriteString(t.words[g.r.IntN(len(t.words))])
		case x < 50:
			b.WriteString(names[g.r.IntN(len(names))])
		default:
			b.WriteString(v.words[v.zipf.Uint64()])
		}
	}
	return capital(b.String()) + "."
}

func (g *CorpusGen) text(v *vocab, t topic, names []string, words int) string {
	var sentences []string
	for words > 0 {
		n := min(words, 12+g.r.IntN(20))
		sentences = append(sentences, g.sentence(v, t, names, n))
		words -= n
	}
	return strings.Join(sentences, " ")
}

// Article returns the next published article, published at published.
func (g *CorpusGen) Article(published time.Time) *article.Article {
	g.n++
	k := g.r.IntN(len(g.topics) / 2) // the first half are French topics
	if g.r.IntN(5) >= 3 {
		k += len(g.topics) / 2
	}
	t := g.topics[k]
	v := g.langs[t.lang]
	names := []string{g.names[g.r.IntN(len(g.names))], g.names[g.r.IntN(len(g.names))], g.names[g.r.IntN(len(g.names))]}
	words := 400 + g.r.IntN(601)
	var paras []string
	for words > 0 {
		n := min(words, 60+g.r.IntN(60))
		paras = append(paras, g.text(v, t, names, n))
		words -= n
	}
	return &article.Article{
		Title:       fmt.Sprintf("%s (%d)", strings.TrimSuffix(g.sentence(v, t, names, 8+g.r.IntN(5)), "."), g.n),
		Lead:        g.text(v, t, names, 25+g.r.IntN(11)),
		Body:        strings.Join(paras, "\n\n"),
		Lang:        t.lang,
		Status:      article.Published,
		PublishedAt: published,
	}
}

// Queries returns n reader-like queries, in both languages: a topic word
// (the most frequent kind), a name, two topic words, a name as a quoted
// phrase, a frequent word found in many articles, a word with a rarer
// one, and a word found nowhere.
func (g *CorpusGen) Queries(n int) []string {
	var qs []string
	for len(qs) < n {
		t := g.topics[g.r.IntN(len(g.topics))]
		v := g.langs[t.lang]
		switch len(qs) % 10 {
		case 0, 1, 2:
			qs = append(qs, t.words[g.r.IntN(len(t.words))])
		case 3, 4:
			qs = append(qs, g.names[g.r.IntN(len(g.names))])
		case 5:
			qs = append(qs, t.words[g.r.IntN(len(t.words))]+" "+t.words[g.r.IntN(len(t.words))])
		case 6:
			qs = append(qs, `"`+g.names[g.r.IntN(len(g.names))]+`"`)
		case 7:
			qs = append(qs, v.words[g.r.IntN(60)]) // found in many articles
		case 8:
			qs = append(qs, v.words[g.r.IntN(200)]+" "+v.words[2000+g.r.IntN(10000)])
		default:
			qs = append(qs, fmt.Sprintf("introuvable%d", len(qs)))
		}
	}
	return qs
}
