package media

import "testing"

func TestSrcset(t *testing.T) {
	tests := []struct {
		url   string
		width int
		want  string
	}{
		{"/media/12/orig", 1200, "/media/12/480 480w, /media/12/960 960w, /media/12/orig 1200w"},
		{"/media/3/480", 2000, "/media/3/480 480w, /media/3/960 960w, /media/3/1600 1600w, /media/3/orig 2000w"},
		{"/media/3/orig", 300, "/media/3/orig 300w"},
		{"/media/3/orig", 0, ""},
		{"/media/demo/astana.svg", 800, ""},
		{"https://example.org/media/1/orig", 800, ""},
	}
	for _, tt := range tests {
		if got := Srcset(tt.url, tt.width); got != tt.want {
			t.Errorf("Srcset(%q, %d) = %q, want %q", tt.url, tt.width, got, tt.want)
		}
	}
}

func FuzzID(f *testing.F) {
	f.Add("/media/1/orig")
	f.Add("/media/99999999999999999999/480")
	f.Fuzz(func(t *testing.T, s string) {
		if id, ok := ID(s); ok && (id < 0 || URL(id, "orig") == "") {
			t.Fatalf("ID(%q) = %d", s, id)
		}
	})
}
