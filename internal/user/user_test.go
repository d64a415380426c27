package user

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q: not a PHC argon2id string", h)
	}
	if err := CheckPassword(h, "correct horse battery"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := CheckPassword(h, "correct horse batterz"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: got %v, want ErrWrongPassword", err)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	for _, bad := range []string{"", "$bcrypt$x", "$argon2id$v=19$m=0,t=0,p=0$AAAA$AAAA", "$argon2id$v=19$m=19456,t=2,p=1$!!$AAAA"} {
		if err := CheckPassword(bad, "x"); err == nil || errors.Is(err, ErrWrongPassword) {
			t.Errorf("CheckPassword(%q): got %v, want an unreadable-hash error", bad, err)
		}
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		p := GeneratePassword()
		if len(p) != 20 || CheckPasswordRules(p) != "" || strings.ContainsAny(p, "0O1lI") {
			t.Fatalf("generated password %q breaks the rules", p)
		}
		if seen[p] {
			t.Fatalf("password %q generated twice", p)
		}
		seen[p] = true
	}
}

// TestRoleMatrix pins who may do what: each role × each action.
func TestRoleMatrix(t *testing.T) {
	want := map[Action][3]bool{ // admin, editor, author
		ViewAdmin:       {true, true, true},
		WriteArticle:    {true, true, true},
		EditAnyArticle:  {true, true, false},
		PublishArticle:  {true, true, false},
		DeleteArticle:   {true, true, false},
		RestoreRevision: {true, true, false},
		ManageTaxonomy:  {true, true, false},
		UploadMedia:     {true, true, true},
		ManageMedia:     {true, true, false},
		ModerateComment: {true, true, false},
		ManageSettings:  {true, false, false},
		ManageUsers:     {true, false, false},
		ManageAPIKeys:   {true, false, false},
		ViewAudit:       {true, false, false},
	}
	if len(want) != len(Actions) {
		t.Fatalf("matrix test covers %d actions, package has %d", len(want), len(Actions))
	}
	for _, a := range Actions {
		for i, r := range Roles {
			if got := r.Can(a); got != want[a][i] {
				t.Errorf("%s may %s: got %v, want %v", r, a, got, want[a][i])
			}
		}
	}
	disabled := &User{Role: Admin, Disabled: true}
	if disabled.Can(ViewAdmin) {
		t.Error("a disabled admin may still view the admin")
	}
}

func TestCanEdit(t *testing.T) {
	own := func(s article.Status) *article.Article {
		return &article.Article{Status: s, Authors: []article.Author{{ID: 7}}}
	}
	author := &User{Role: Author, AuthorID: 7}
	other := &User{Role: Author, AuthorID: 8}
	editor := &User{Role: Editor}
	tests := []struct {
		name string
		u    *User
		a    *article.Article
		want bool
	}{
		{"author, own draft", author, own(article.Draft), true},
		{"author, own pending", author, own(article.Pending), true},
		{"author, own published", author, own(article.Published), false},
		{"author, someone else's draft", other, own(article.Draft), false},
		{"author without profile", &User{Role: Author}, own(article.Draft), false},
		{"editor, anything", editor, own(article.Published), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.CanEdit(tt.a); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if author.AllowedStatus(article.Published) || author.AllowedStatus(article.Scheduled) || !author.AllowedStatus(article.Pending) {
		t.Error("author status rights wrong")
	}
	if !editor.AllowedStatus(article.Published) {
		t.Error("editor may not publish")
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC)
	th := DefaultThrottle
	if !th.LockedUntil(9, now, now).IsZero() {
		t.Error("locked after 9 failures")
	}
	if got := th.LockedUntil(10, now.Add(-time.Minute), now); !got.Equal(now.Add(14 * time.Minute)) {
		t.Errorf("10 failures: locked until %v, want %v", got, now.Add(14*time.Minute))
	}
	if !th.LockedUntil(10, now.Add(-16*time.Minute), now).IsZero() {
		t.Error("still locked after 16 minutes")
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) < 40 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if HashToken(a) == a || len(HashToken(a)) != 64 || CSRFToken(a) == HashToken(a) {
		t.Fatal("hash or csrf token reveals the token")
	}
	secret, k := NewAPIKey(" wire ")
	if !strings.HasPrefix(secret, APIKeyPrefix) || k.Hash != HashToken(secret) || k.Name != "wire" || !strings.HasPrefix(secret, k.Prefix) {
		t.Fatalf("api key %q %+v", secret, k)
	}
}

func TestValidate(t *testing.T) {
	u := User{Email: "ana@example.org", Name: "Ana", Role: Editor}
	if err := u.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := User{Email: "Ana <ana@example.org>", Name: " ", Role: "chief"}
	var fe FieldErrors
	if err := bad.Validate(); !errors.As(err, &fe) || len(fe) != 3 || !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v", err)
	}
}

func FuzzCheckPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$AAAA", "pw")
	f.Add("$argon2id$v=19$m=99999999,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		_ = CheckPassword(hash, pw) // must not panic nor hang on absurd parameters
	})
}

// BenchmarkHashPassword measures one argon2id hash: the cost of a login.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery"); err != nil {
			b.Fatal(err)
		}
	}
}
