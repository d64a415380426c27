package spam

import (
	"strings"
	"testing"
)

func TestReadExamples(t *testing.T) {
	cases := []struct {
		name, in string
		want     []Example
		wantErr  bool
	}{
		{"minimal", "label,content\nspam,buy now\nham,merci\n",
			[]Example{{Spam: true, Comment: Comment{Content: "buy now"}}, {Comment: Comment{Content: "merci"}}}, false},
		{"all columns in another order", "url,email,author,content,label\nhttp://a.example,a@b.example,Ann,\"Bonjour, à tous\",HAM\n",
			[]Example{{Comment: Comment{Content: "Bonjour, à tous", Author: "Ann", Email: "a@b.example", URL: "http://a.example"}}}, false},
		{"byte order mark", "\ufefflabel,content\nspam,x\n", []Example{{Spam: true, Comment: Comment{Content: "x"}}}, false},
		{"short row", "label,content,author\nham,x\n", []Example{{Comment: Comment{Content: "x"}}}, false},
		{"unknown label", "label,content\nmaybe,x\n", nil, true},
		{"no content column", "label,text\nham,x\n", nil, true},
		{"empty", "", nil, true},
		{"bad quoting", "label,content\nham,\"x\n", nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadExamples(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("got error %v, want error %v", err, tc.wantErr)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d examples, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("example %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func FuzzReadExamples(f *testing.F) {
	f.Add("label,content,author\nspam,\"a,b\",c\nham,x,\n")
	f.Add("content,label\n\"\"\"\",spam\n")
	f.Fuzz(func(t *testing.T, in string) {
		ex, err := ReadExamples(strings.NewReader(in))
		if err != nil && ex != nil {
			t.Fatal("examples returned with an error")
		}
	})
}
