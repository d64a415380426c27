package spam

import (
	"fmt"
	"testing"
	"time"
)

func TestMemory(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	m := NewMemory(10*time.Minute, 3)
	steps := []struct {
		key  string
		at   time.Duration
		want int
	}{
		{"a", 0, 1},
		{"a", time.Minute, 2},
		{"b", time.Minute, 1},
		{"a", 9 * time.Minute, 3},
		{"a", 10*time.Minute + time.Second, 3}, // the first sighting left the window
		{"a", 30 * time.Minute, 1},             // all left
	}
	for i, s := range steps {
		if got := m.Add(s.key, t0.Add(s.at)); got != s.want {
			t.Fatalf("step %d: Add(%q) got %d, want %d", i, s.key, got, s.want)
		}
	}
	if got := m.Len(); got != 1 {
		t.Errorf("got %d keys after the window passed, want 1", got)
	}
}

func TestMemoryBound(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	m := NewMemory(time.Hour, 100)
	for i := range 1000 {
		m.Add(fmt.Sprint(i), t0)
	}
	if got := m.Len(); got != 100 {
		t.Fatalf("got %d keys, want the bound 100", got)
	}
	if got := m.Add("999", t0); got != 2 {
		t.Errorf("the most recent key was forgotten: got %d, want 2", got)
	}
	if got := m.Add("0", t0); got != 1 {
		t.Errorf("the oldest key was kept: got %d, want 1", got)
	}
}
