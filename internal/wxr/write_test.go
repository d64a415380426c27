package wxr

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestWriteRoundTrip: what Writer writes, Decoder reads back the same.
func TestWriteRoundTrip(t *testing.T) {
	d, entries, _ := readAll(t, openSample(t))
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.Start(d.Channel()); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		var err error
		switch e := e.(type) {
		case *Author:
			err = w.Author(*e)
		case *Category:
			err = w.Category(*e)
		case *Tag:
			err = w.Tag(*e)
		case *Item:
			// The writer fills WordPress's defaults for empty fields.
			e.CommentStatus, e.PingStatus, e.Type = def(e.CommentStatus, "open"), def(e.PingStatus, "closed"), def(e.Type, "post")
			if e.PostDateLocal == "" {
				e.PostDateLocal = FormatDate(e.PostDate)
			}
			err = w.Item(e)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	d2, again, errs := readAll(t, &buf)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if d2.Channel().Title != d.Channel().Title || d2.Channel().WXRVersion != "1.2" {
		t.Errorf("channel = %+v", d2.Channel())
	}
	var want []any
	for _, e := range entries {
		if _, ok := e.(*Term); !ok { // the writer has no call for other terms
			want = append(want, e)
		}
	}
	if len(again) != len(want) {
		t.Fatalf("read back %d entries, want %d", len(again), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(again[i], want[i]) {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, again[i], want[i])
		}
	}
}

func TestWriteHostileText(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	_ = w.Start(Channel{Title: "a & b <c>"})
	it := &Item{PostID: 1, Title: "x\x00y", Content: "end ]]> of \x01 cdata <b>", Status: "publish"}
	_ = w.Item(it)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `xmlns:wp="http://wordpress.org/export/1.2/"`) {
		t.Error("no wp namespace")
	}
	d, entries, errs := readAll(t, &buf)
	if len(errs) > 0 || len(entries) != 1 {
		t.Fatalf("entries %v errs %v", entries, errs)
	}
	got := entries[0].(*Item)
	if got.Title != "xy" || got.Content != "end ]]> of  cdata <b>" || d.Channel().Title != "a & b <c>" {
		t.Errorf("got %q %q %q", got.Title, got.Content, d.Channel().Title)
	}
}
