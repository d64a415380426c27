package wxr

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// readAll decodes every entry of src, returning entries and item errors.
func readAll(t testing.TB, r io.Reader) (*Decoder, []any, []error) {
	t.Helper()
	d := NewDecoder(r)
	var out []any
	var errs []error
	for {
		e, err := d.Next()
		if err == io.EOF {
			return d, out, errs
		}
		var ie *ItemError
		if errors.As(err, &ie) {
			errs = append(errs, err)
			continue
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, e)
	}
}

func openSample(t testing.TB) *os.File {
	t.Helper()
	f, err := os.Open("testdata/sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestDecodeSample(t *testing.T) {
	d, entries, errs := readAll(t, openSample(t))
	if len(errs) > 0 {
		t.Fatalf("item errors: %v", errs)
	}
	ch := d.Channel()
	if ch.Title != "La Gazette du Large" || ch.Language != "fr-FR" || ch.WXRVersion != "1.2" || ch.BaseSiteURL != "https://gazette.example" {
		t.Errorf("channel = %+v", ch)
	}
	if ch.Description != "Nouvelles d'ailleurs, racontées d'ici" {
		t.Errorf("description = %q", ch.Description)
	}
	var authors []*Author
	var cats []*Category
	var tags []*Tag
	var terms []*Term
	items := map[int64]*Item{}
	for _, e := range entries {
		switch e := e.(type) {
		case *Author:
			authors = append(authors, e)
		case *Category:
			cats = append(cats, e)
		case *Tag:
			tags = append(tags, e)
		case *Term:
			terms = append(terms, e)
		case *Item:
			items[e.PostID] = e
		}
	}
	if len(authors) != 2 || authors[0].Login != "mlefort" || authors[0].Name() != "Marion Lefort" || authors[1].Name() != "Yacine Benali" {
		t.Errorf("authors = %+v %+v", authors[0], authors[1])
	}
	if len(cats) != 4 || cats[0].Slug != "asie-centrale" || cats[0].Parent != "asie" || cats[1].Description != "L'actualité internationale" {
		t.Errorf("categories = %+v", cats)
	}
	if len(cats[3].Meta) != 1 || cats[3].Meta[0] != (Meta{"color", "#0a6"}) {
		t.Errorf("termmeta = %+v", cats[3].Meta)
	}
	if len(tags) != 2 || tags[1].Name != "Énergie" || len(terms) != 1 || terms[0].Taxonomy != "nav_menu" {
		t.Errorf("tags = %+v, terms = %+v", tags, terms)
	}
	if len(items) != 10 {
		t.Fatalf("got %d items, want 10", len(items))
	}
	p := items[101]
	if p.Title != "À Samarcande, les routes de l'eau redessinent la coopération régionale" || p.Name != "samarcande-routes-de-leau" ||
		p.Status != "publish" || p.Type != "post" || p.Creator != "mlefort" || !p.Sticky {
		t.Errorf("post 101 = %+v", p)
	}
	if want := time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC); !p.PostDate.Equal(want) {
		t.Errorf("post date = %v, want %v (from _gmt)", p.PostDate, want)
	}
	if p.PostDateLocal != "2026-11-20 09:30:00" || !p.Modified.Equal(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("local date %q, modified %v", p.PostDateLocal, p.Modified)
	}
	if p.MetaValue("_thumbnail_id") != "104" || len(p.TermsOf("category")) != 2 || len(p.TermsOf("post_tag")) != 2 {
		t.Errorf("meta/terms = %+v %+v", p.Meta, p.Terms)
	}
	if !strings.Contains(p.Content, "<!-- wp:paragraph -->") || p.Excerpt == "" {
		t.Errorf("content/excerpt lost: %q", p.Excerpt)
	}
	if len(p.Comments) != 4 {
		t.Fatalf("comments = %d, want 4", len(p.Comments))
	}
	c := p.Comments
	if c[1].Parent != 501 || c[2].Parent != 502 || c[0].Approved != CommentApproved || c[2].Approved != CommentPending ||
		c[3].Approved != CommentSpam || c[0].Author != "Hélène R." || c[0].AuthorURL != "https://helene.example.org" {
		t.Errorf("comments = %+v", c)
	}
	if !c[0].Date.Equal(time.Date(2026, 11, 20, 11, 15, 0, 0, time.UTC)) || len(c[0].Meta) != 1 {
		t.Errorf("comment date/meta = %v %+v", c[0].Date, c[0].Meta)
	}
	if d := items[102]; !d.PostDate.IsZero() || d.Status != "draft" || d.Name != "" {
		t.Errorf("draft = %+v (0000-00-00 must be unset)", d)
	}
	if a := items[104]; a.Type != "attachment" || a.Parent != 101 || a.AttachmentURL != "https://gazette.example/wp-content/uploads/2026/11/barrage.jpg" {
		t.Errorf("attachment = %+v", a)
	}
	if items[103].Type != "page" || items[106].Status != "future" || items[109].Type != "nav_menu_item" {
		t.Error("page, future post or menu item misread")
	}
}

func TestDecodeBadInput(t *testing.T) {
	sample, err := os.ReadFile("testdata/sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		in       string
		wantErr  string // fatal error substring; "" when the file reads to EOF
		items    int    // items read before the end or the error
		itemErrs int
	}{
		{"truncated mid-item", string(sample[:len(sample)*2/3]), "truncated", 3, 0},
		{"truncated after channel start", `<?xml version="1.0"?><rss><channel><title>x</title>`, "truncated", 0, 0},
		{"mismatched tag", "<rss><channel><item><title>a</titel></item></channel></rss>", "line 1", 0, 0},
		{"not an export", "<html><body>hi</body></html>", "not a WordPress export", 0, 0},
		{"empty", "", "", 0, 0},
		{"unknown encoding", `<?xml version="1.0" encoding="EBCDIC-XYZ"?><rss/>`, "unsupported encoding", 0, 0},
		{"bad post id", "<rss><channel><item><wp:post_id>x1</wp:post_id></item><item><wp:post_id>2</wp:post_id></item></channel></rss>", "", 1, 1},
		{"bad date", "<rss><channel><item><wp:post_id>3</wp:post_id><wp:post_date_gmt>yesterday</wp:post_date_gmt></item></channel></rss>", "", 0, 1},
		{"deep nesting", "<rss><channel><item>" + strings.Repeat("<x>", 100) + strings.Repeat("</x>", 100) + "</item></channel></rss>", "nested deeper", 0, 0},
		{"undeclared prefixes", "<rss><channel><item><wp:post_id>4</wp:post_id><content:encoded>hi</content:encoded></item></channel></rss>", "", 1, 0},
		{"latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>\xc9t\xe9</title></item></channel></rss>", "", 1, 0},
		{"invalid utf-8 is repaired", "<rss><channel><item><title>\xff\xfe</title></item></channel></rss>", "", 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(c.in))
			items, itemErrs := 0, 0
			var fatal error
			for {
				e, err := d.Next()
				if err == io.EOF {
					break
				}
				var ie *ItemError
				if errors.As(err, &ie) {
					itemErrs++
					continue
				}
				if err != nil {
					fatal = err
					break
				}
				if _, ok := e.(*Item); ok {
					items++
				}
			}
			switch {
			case c.wantErr == "" && fatal != nil:
				t.Errorf("unexpected error %v", fatal)
			case c.wantErr != "" && (fatal == nil || !strings.Contains(fatal.Error(), c.wantErr)):
				t.Errorf("error = %v, want one containing %q", fatal, c.wantErr)
			}
			if fatal != nil {
				var se *SyntaxError
				if !errors.As(fatal, &se) || !strings.Contains(fatal.Error(), "line") {
					t.Errorf("fatal error %v is not a SyntaxError with a line", fatal)
				}
			}
			if items != c.items || itemErrs != c.itemErrs {
				t.Errorf("items = %d, item errors = %d; want %d, %d", items, itemErrs, c.items, c.itemErrs)
			}
		})
	}
}

func TestDecodeRepairsUTF8(t *testing.T) {
	in := "<rss><channel><item><title>caf\xe9 \xc3\xa9t\xc3\xa9 \xe2\x82</title></item><item><title>ok</title></item></channel></rss>"
	d, entries, errs := readAll(t, strings.NewReader(in))
	if len(errs) > 0 || len(entries) != 2 {
		t.Fatalf("entries %d, errors %v", len(entries), errs)
	}
	if got := entries[0].(*Item).Title; got != "caf\uFFFD été \uFFFD\uFFFD" {
		t.Errorf("title = %q", got)
	}
	if d.Repaired() != 3 {
		t.Errorf("repaired = %d, want 3", d.Repaired())
	}
}

func TestDecodeLatin1Text(t *testing.T) {
	in := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>\xc9t\xe9</title></item></channel></rss>"
	_, entries, _ := readAll(t, strings.NewReader(in))
	if got := entries[0].(*Item).Title; got != "Été" {
		t.Errorf("title = %q, want Été", got)
	}
}

// TestDecodeHugeField: a field over the limit is cut while reading (memory
// stays bounded), its item is reported, and the items after it still come.
func TestDecodeHugeField(t *testing.T) {
	for _, wrap := range []struct{ name, open, close string }{{"cdata", "<![CDATA[", "]]>"}, {"text", "", ""}} {
		t.Run(wrap.name, func(t *testing.T) {
			var b bytes.Buffer
			b.WriteString("<rss><channel><item><wp:post_id>1</wp:post_id><content:encoded>" + wrap.open)
			b.Write(bytes.Repeat([]byte("abcdefgh "), 200_000)) // 1.8 MB
			b.WriteString(wrap.close + "</content:encoded><title>big</title></item>")
			b.WriteString("<item><wp:post_id>2</wp:post_id><content:encoded>" + wrap.open + "small" + wrap.close + "</content:encoded></item></channel></rss>")
			d := NewDecoderLimit(&b, 64<<10)
			e, err := d.Next()
			var ie *ItemError
			if !errors.As(err, &ie) || ie.PostID != 1 || !strings.Contains(err.Error(), "content:encoded is larger than the field limit") {
				t.Fatalf("first = %v, %v; want an item error for item 1", e, err)
			}
			e, err = d.Next()
			if err != nil || e.(*Item).PostID != 2 || e.(*Item).Content != "small" {
				t.Fatalf("second = %+v, %v", e, err)
			}
			if _, err := d.Next(); err != io.EOF {
				t.Fatalf("end = %v", err)
			}
		})
	}
}

// TestDecodeHugeItem: an item made of many small fields (comments) is
// bounded as a whole; the next item still comes.
func TestDecodeHugeItem(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("<rss><channel><item><wp:post_id>1</wp:post_id>")
	for i := 0; i < 5000; i++ {
		b.WriteString("<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>" + strings.Repeat("bla ", 50) + "</wp:comment_content></wp:comment>")
	}
	b.WriteString("</item><item><wp:post_id>2</wp:post_id></item></channel></rss>")
	d := NewDecoderLimit(&b, 64<<10) // entries up to 256 KiB; this one is 1 MB
	_, err := d.Next()
	var ie *ItemError
	if !errors.As(err, &ie) || ie.PostID != 1 || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("first = %v", err)
	}
	if e, err := d.Next(); err != nil || e.(*Item).PostID != 2 {
		t.Fatalf("second = %v, %v", e, err)
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]time.Time{
		"":                    {},
		"0000-00-00 00:00:00": {},
		"2026-11-20 08:30:00": time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC),
	} {
		got, err := ParseDate(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDate("20/11/2026"); err == nil {
		t.Error("ParseDate accepted a bad date")
	}
}

func FuzzDecode(f *testing.F) {
	sample, err := os.ReadFile("testdata/sample.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add(sample[:len(sample)/2])
	f.Add([]byte("<rss><channel><item><![CDATA[x]]></item></channel></rss>"))
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1252"?><rss><channel><wp:author><wp:author_id>9</wp:author_id></wp:author></channel></rss>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		d := NewDecoderLimit(bytes.NewReader(in), 1<<10)
		for n := 0; n < 10_000; n++ {
			_, err := d.Next()
			var ie *ItemError
			if err != nil && !errors.As(err, &ie) {
				return
			}
		}
		t.Fatal("decoder did not end")
	})
}
