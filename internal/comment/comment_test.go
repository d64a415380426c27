package comment

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
)

func valid() Input {
	return Input{Name: "Aïcha Benali", Email: "aicha@example.org", URL: "https://aicha.example.org/", Text: "Très bon article."}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Input)
		want FieldErrors
	}{
		{"valid", func(*Input) {}, nil},
		{"no website", func(in *Input) { in.URL = "" }, nil},
		{"website without scheme", func(in *Input) { in.URL = "aicha.example.org" }, nil},
		{"empty", func(in *Input) { *in = Input{} }, FieldErrors{"name": ErrKeyRequired, "email": ErrKeyRequired, "text": ErrKeyRequired}},
		{"blank text", func(in *Input) { in.Text = " \n\t " }, FieldErrors{"text": ErrKeyRequired}},
		{"text at the limit", func(in *Input) { in.Text = strings.Repeat("é", MaxText) }, nil},
		{"text too long", func(in *Input) { in.Text = strings.Repeat("é", MaxText+1) }, FieldErrors{"text": ErrKeyTextLong}},
		{"name too long", func(in *Input) { in.Name = strings.Repeat("a", MaxName+1) }, FieldErrors{"name": ErrKeyNameLong}},
		{"bad e-mail", func(in *Input) { in.Email = "aicha" }, FieldErrors{"email": ErrKeyEmail}},
		{"e-mail with a name", func(in *Input) { in.Email = "Aïcha <aicha@example.org>" }, FieldErrors{"email": ErrKeyEmail}},
		{"e-mail without domain dot", func(in *Input) { in.Email = "aicha@localhost" }, FieldErrors{"email": ErrKeyEmail}},
		{"javascript URL", func(in *Input) { in.URL = "javascript:alert(1)" }, FieldErrors{"url": ErrKeyURL}},
		{"ftp URL", func(in *Input) { in.URL = "ftp://example.org/" }, FieldErrors{"url": ErrKeyURL}},
		{"URL with quotes", func(in *Input) { in.URL = `https://example.org/"onmouseover="x` }, FieldErrors{"url": ErrKeyURL}},
		{"invalid UTF-8", func(in *Input) { in.Name, in.Text = "a\xffb", "\xc3\x28" }, FieldErrors{"name": ErrKeyInvalidUTF8, "text": ErrKeyInvalidUTF8}},
		{"forged parent", func(in *Input) { in.Parent = -1 }, FieldErrors{"parent": ErrKeyParent}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := valid()
			c.edit(&in)
			in.Normalize()
			err := in.Validate()
			var got FieldErrors
			if err != nil {
				if !errors.Is(err, ErrInvalid) || !errors.As(err, &got) {
					t.Fatalf("error %v is not FieldErrors/ErrInvalid", err)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestFromFormAndNormalize(t *testing.T) {
	v := url.Values{
		"name": {"  Jean \t Dupont  "}, "email": {" Jean@Example.ORG "}, "url": {"jean.example.org"},
		"text": {"Ligne 1\r\nLigne 2\x00\x07\r\r"}, "parent": {"12"}, "remember": {"1"}, "notify": {"on"}, "website2": {"x"}, "token": {"t"},
	}
	in := FromForm(v)
	in.Normalize()
	want := Input{Name: "Jean Dupont", Email: "jean@example.org", URL: "http://jean.example.org", Text: "Ligne 1\nLigne 2",
		Parent: 12, Remember: true, Notify: true, Honeypot: "x", Token: "t"}
	if in != want {
		t.Errorf("got  %+v\nwant %+v", in, want)
	}
	for _, p := range []string{"abc", "-3", "1e9", "99999999999999999999"} {
		if in := FromForm(url.Values{"parent": {p}}); in.Parent != -1 {
			t.Errorf("parent %q read as %d", p, in.Parent)
		}
	}
	if in := FromForm(url.Values{"parent": {"0"}}); in.Parent != 0 {
		t.Errorf("parent 0 read as %d", in.Parent)
	}
}

func FuzzForm(f *testing.F) {
	for _, s := range []string{
		"name=a&email=a%40b.c&text=hi",
		"name=%3Cscript%3E&email=x&url=javascript:alert(1)&text=%FF%FE&parent=-1",
		"parent=99999999999999999999&text=" + strings.Repeat("x", 50),
		"url=%20http://a%20b&name=%00%01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		in := FromForm(v)
		in.Normalize()
		if err := in.Validate(); err != nil {
			return
		}
		// What validates is safe to store and show.
		if in.Parent < 0 || strings.TrimSpace(in.Text) == "" || in.Name == "" {
			t.Fatalf("accepted %+v", in)
		}
		if in.URL != "" && !strings.HasPrefix(in.URL, "http://") && !strings.HasPrefix(in.URL, "https://") {
			t.Fatalf("accepted URL %q", in.URL)
		}
		if strings.ContainsAny(in.URL, "<>\"' ") || strings.ContainsAny(in.Email, "<> ") {
			t.Fatalf("accepted %+v", in)
		}
		in.Normalize()
		if again := in; again.Validate() != nil {
			t.Fatalf("normalizing twice broke %+v", in)
		}
	})
}

func TestReply(t *testing.T) {
	parent := &Comment{ID: 7, ArticleID: 1, State: Approved}
	for _, c := range []struct {
		name       string
		parent     *Comment
		article    article.ID
		wantParent ID
		wantDepth  int
		wantErr    error
	}{
		{"top level", nil, 1, 0, 0, nil},
		{"reply", parent, 1, 7, 1, nil},
		{"reply at depth 2", &Comment{ID: 8, ParentID: 7, Depth: 2, ArticleID: 1, State: Approved}, 1, 8, 3, nil},
		{"deepest: becomes a sibling", &Comment{ID: 9, ParentID: 8, Depth: 3, ArticleID: 1, State: Approved}, 1, 8, 3, nil},
		{"another article", parent, 2, 0, 0, ErrBadParent},
		{"held parent", &Comment{ID: 7, ArticleID: 1, State: Pending}, 1, 0, 0, ErrBadParent},
		{"spam parent", &Comment{ID: 7, ArticleID: 1, State: Spam}, 1, 0, 0, ErrBadParent},
	} {
		p, d, err := Reply(c.parent, c.article)
		if p != c.wantParent || d != c.wantDepth || !errors.Is(err, c.wantErr) {
			t.Errorf("%s: got %d, %d, %v; want %d, %d, %v", c.name, p, d, err, c.wantParent, c.wantDepth, c.wantErr)
		}
	}
}

func TestThread(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	list := []Comment{
		{ID: 5, ParentID: 4, CreatedAt: at(5)}, // level 5 in the data: shown beside 4
		{ID: 1, CreatedAt: at(1)},
		{ID: 2, ParentID: 1, CreatedAt: at(2)},
		{ID: 3, ParentID: 2, CreatedAt: at(3)},
		{ID: 4, ParentID: 3, CreatedAt: at(4)},
		{ID: 6, CreatedAt: at(0)},
		{ID: 7, ParentID: 99, CreatedAt: at(6)}, // parent not shown: top level
		{ID: 8, ParentID: 2, CreatedAt: at(7)},
		{ID: 9, ParentID: 10, CreatedAt: at(8)}, // a cycle, dropped
		{ID: 10, ParentID: 9, CreatedAt: at(9)},
		{ID: 11, ParentID: 11, CreatedAt: at(10)}, // its own parent: top level
	}
	tree := Thread(list)
	var got []string
	var walk func([]*Node, string)
	walk = func(nodes []*Node, indent string) {
		for _, n := range nodes {
			got = append(got, indent+string(rune('0'+n.ID))+"@"+string(rune('0'+n.Level)))
			walk(n.Replies, indent+" ")
		}
	}
	walk(tree, "")
	want := []string{"6@1", "1@1", " 2@2", "  3@3", "   4@4", "   5@4", "  8@3", "7@1", ";@1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tree\n%q\nwant\n%q", got, want)
	}
	if n := Count(tree); n != 9 {
		t.Errorf("Count = %d, want 9", n)
	}
	if len(Thread(nil)) != 0 {
		t.Error("empty list")
	}
}

func TestOpenAndDecide(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	a := &article.Article{Status: article.Published, PublishedAt: now.AddDate(0, 0, -10)}
	s := site.Defaults()
	if !Open(s, a, now) {
		t.Error("open by default")
	}
	s.CloseCommentsDays = 10
	if Open(s, a, now) || !Open(s, a, now.Add(-time.Second)) {
		t.Error("closes exactly N days after publication")
	}
	s.CloseCommentsDays = 0
	s.Comments = site.CommentsClosed
	if Open(s, a, now) {
		t.Error("closed site")
	}
	draft := &article.Article{Status: article.Draft}
	if Open(site.Defaults(), draft, now) {
		t.Error("draft open")
	}

	hold := site.Defaults()
	hold.HoldFirstComment = true
	for _, c := range []struct {
		name  string
		s     site.Settings
		v     Verdict
		known bool
		want  State
	}{
		{"clean", site.Defaults(), Verdict{}, false, Approved},
		{"spam", site.Defaults(), Verdict{Spam: true, Hold: true}, true, Spam},
		{"unsure", site.Defaults(), Verdict{Hold: true}, true, Pending},
		{"first-timer held", hold, Verdict{}, false, Pending},
		{"known commenter", hold, Verdict{}, true, Approved},
	} {
		if got := Decide(c.s, c.v, c.known); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestExport(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	e := NewExport("a@example.org", now, []Comment{{ID: 1, ArticleID: 2, AuthorName: "A", AuthorEmail: "a@example.org", Text: "x", IP: "192.0.2.1", State: Approved}})
	if len(e.Comments) != 1 || e.Comments[0].IP != "192.0.2.1" || e.Comments[0].Name != "A" {
		t.Errorf("export %+v", e)
	}
}

func TestErrorKeysInCatalog(t *testing.T) {
	b := i18n.MustNew()
	for _, k := range []string{ErrKeyRequired, ErrKeyInvalidUTF8, ErrKeyNameLong, ErrKeyEmail, ErrKeyURL, ErrKeyTextLong, ErrKeyParent} {
		if !b.Has(k) {
			t.Errorf("catalog lacks %s", k)
		}
	}
}

func BenchmarkThread1000(b *testing.B) {
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	list := make([]Comment, 1000)
	for i := range list {
		list[i] = Comment{ID: ID(i + 1), CreatedAt: t0.Add(time.Duration(i) * time.Second)}
		if i%3 != 0 {
			list[i].ParentID = ID(i) // chains, deeper than MaxLevels
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Thread(list)
	}
}

func BenchmarkValidate(b *testing.B) {
	v := url.Values{"name": {"Aïcha Benali"}, "email": {"aicha@example.org"}, "url": {"https://aicha.example.org/"},
		"text": {strings.Repeat("Un commentaire réfléchi sur la diplomatie régionale. ", 40)}}
	b.ReportAllocs()
	for b.Loop() {
		in := FromForm(v)
		in.Normalize()
		if in.Validate() != nil {
			b.Fatal("invalid")
		}
	}
}
