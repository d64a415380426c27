package admin

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

func TestLineDiff(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want string
	}{
		{"same", "a\nb", "a\nb", "=a|=b|"},
		{"added line", "a\nc", "a\nb\nc", "=a|+b|=c|"},
		{"removed line", "a\nb\nc", "a\nc", "=a|-b|=c|"},
		{"changed line", "a\nb\nc", "a\nx\nc", "=a|-b|+x|=c|"},
		{"from empty", "", "a", "-|+a|"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			for _, op := range lineDiff(strings.Split(tt.a, "\n"), strings.Split(tt.b, "\n")) {
				b.WriteString(map[string]string{"same": "=", "add": "+", "del": "-"}[op.Kind] + op.Text + "|")
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzLineDiff(f *testing.F) {
	f.Add("a\nb\nc", "a\nc\nd")
	f.Fuzz(func(t *testing.T, a, b string) {
		la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
		var gotA, gotB []string
		for _, op := range lineDiff(la, lb) {
			if op.Kind != "add" {
				gotA = append(gotA, op.Text)
			}
			if op.Kind != "del" {
				gotB = append(gotB, op.Text)
			}
		}
		if strings.Join(gotA, "\n") != a || strings.Join(gotB, "\n") != b {
			t.Fatalf("diff does not rebuild its inputs")
		}
	})
}

func TestApplyAction(t *testing.T) {
	now := time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC)
	later := now.Add(2 * time.Hour)
	tests := []struct {
		name       string
		from       article.Status
		action     string
		at         time.Time
		wantStatus article.Status
		wantErr    string
	}{
		{"new draft", "", actSave, time.Time{}, article.Draft, ""},
		{"save keeps published", article.Published, actSave, time.Time{}, article.Published, ""},
		{"submit", article.Draft, actSubmit, time.Time{}, article.Pending, ""},
		{"publish now", article.Draft, actPublish, time.Time{}, article.Published, ""},
		{"schedule later", article.Draft, actSchedule, later, article.Scheduled, ""},
		{"schedule without date", article.Draft, actSchedule, time.Time{}, article.Draft, "admin.error.schedule_needs_date"},
		{"schedule in the past", article.Draft, actSchedule, now.Add(-time.Minute), article.Draft, "admin.error.schedule_past"},
		{"unpublish", article.Published, actUnpublish, time.Time{}, article.Draft, ""},
		{"backdate published", article.Published, actSave, now.Add(-time.Hour), article.Published, ""},
		{"published into the future", article.Published, actSave, later, article.Published, "admin.error.published_future"},
		{"archive", article.Published, actArchive, time.Time{}, article.Archived, ""},
		{"unknown", article.Draft, "explode", time.Time{}, article.Draft, "admin.error.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &article.Article{Status: tt.from}
			_, key := applyAction(a, tt.action, tt.at, now)
			if key != tt.wantErr {
				t.Fatalf("error key %q, want %q", key, tt.wantErr)
			}
			if key == "" && a.Status != tt.wantStatus {
				t.Errorf("status %q, want %q", a.Status, tt.wantStatus)
			}
			if tt.action == actPublish && !a.PublishedAt.Equal(now) {
				t.Errorf("published at %v, want now", a.PublishedAt)
			}
			if tt.action == actSchedule && key == "" && !a.PublishedAt.Equal(later) {
				t.Errorf("scheduled at %v, want %v", a.PublishedAt, later)
			}
		})
	}
}

func testImage(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "png":
		err = png.Encode(&buf, img)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProcessImage(t *testing.T) {
	m, err := processImage("photo.png", testImage(t, "jpeg", 1000, 500))
	if err != nil {
		t.Fatal(err)
	}
	if m.MIME != "image/jpeg" || m.Width != 1000 || m.Height != 500 {
		t.Fatalf("got %s %dx%d, want image/jpeg 1000x500 (type from bytes, not name)", m.MIME, m.Width, m.Height)
	}
	var names []string
	for _, v := range m.Variants {
		names = append(names, v.Name)
		if v.Name == "480" && (v.Width != 480 || v.Height != 240 || v.MIME != "image/jpeg") {
			t.Errorf("variant 480: %s %dx%d", v.MIME, v.Width, v.Height)
		}
	}
	if got := strings.Join(names, ","); got != "orig,480,960" {
		t.Errorf("variants %s, want orig,480,960", got)
	}
	if m, err := processImage("a.gif", testImage(t, "gif", 600, 100)); err != nil || m.Variants[1].MIME != "image/png" {
		t.Errorf("gif: %v", err)
	}
	for name, data := range map[string][]byte{
		"text as .jpg":   []byte("hello, not an image at all"),
		"svg":            []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`),
		"truncated jpeg": testImage(t, "jpeg", 50, 50)[:40],
	} {
		if _, err := processImage("x.jpg", data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzProcessImage(f *testing.F) {
	f.Add(testImage(f, "png", 8, 8))
	f.Add(testImage(f, "gif", 4, 4))
	f.Add([]byte("\xff\xd8\xff\xe0junk"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := processImage("f", data)
		if err == nil && (m.Width <= 0 || m.Height <= 0 || len(m.Variants) == 0) {
			t.Fatalf("accepted an image without size")
		}
	})
}

// BenchmarkLineDiff compares two 300-line bodies that differ in a few
// places, a typical revision comparison.
func BenchmarkLineDiff(b *testing.B) {
	var x, y []string
	for i := 0; i < 300; i++ {
		line := strings.Repeat("mot ", i%17) + fmt.Sprint(i)
		x = append(x, line)
		if i%50 == 7 {
			line += " modifié"
		}
		y = append(y, line)
	}
	for b.Loop() {
		lineDiff(x, y)
	}
}
