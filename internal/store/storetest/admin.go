package storetest

import (
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/store"
)

// RunNewsroom runs the conformance cases of the newsroom's tables (users,
// sessions, login failures, API keys, audit log, revisions, media) against
// stores made by open, which must also implement store.Newsroom.
func RunNewsroom(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s newsroomStore, clock *Clock)
	}{
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"LoginFailures", testLoginFailures},
		{"APIKeys", testAPIKeys},
		{"Audit", testAudit},
		{"Revisions", testRevisions},
		{"Media", testMedia},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
			s := open(t, clock.Now)
			ns, ok := s.(newsroomStore)
			if !ok {
				t.Fatalf("%T does not implement store.Newsroom", s)
			}
			c.fn(t, ns, clock)
		})
	}
}

type newsroomStore interface {
	store.Store
	store.Newsroom
}
