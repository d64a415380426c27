package notify

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
)

// mailbox is a minimal SMTP server on loopback that keeps what it receives.
type mailbox struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string // envelope recipients, then the data
}

func newMailbox(t *testing.T) *mailbox {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := &mailbox{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go m.serve(c)
		}
	}()
	return m
}

func (m *mailbox) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(s string) { c.Write([]byte(s + "\r\n")) }
	say("220 test")
	var rcpt []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 test")
		case strings.HasPrefix(cmd, "MAIL"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT"):
			rcpt = append(rcpt, strings.Trim(strings.TrimSpace(line[8:]), "<>"))
			say("250 ok")
		case cmd == "DATA":
			say("354 go")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			m.mu.Lock()
			m.msgs = append(m.msgs, strings.Join(rcpt, ",")+"\n"+data.String())
			m.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (m *mailbox) received() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.msgs...)
}

func TestNotifications(t *testing.T) {
	box := newMailbox(t)
	cfg, err := ParseURL("smtp://" + box.ln.Addr().String() + "?from=site@example.org&to=mod@example.org")
	if err != nil {
		t.Fatal(err)
	}
	n := New(cfg, i18n.MustNew(), nil)
	s := site.Defaults()
	s.Name, s.BaseURL = "Nouvelles", "https://nouvelles.example"
	a := &article.Article{ID: 3, Slug: "astana", Title: "Sommet d’Astana"}
	parent := &comment.Comment{ID: 7, AuthorName: "Alice", AuthorEmail: "alice@example.org", NotifyReplies: true, State: comment.Approved}
	held := &comment.Comment{ID: 8, AuthorName: "Bot\r\nBcc: victim@example.org", Text: "Texte retenu", State: comment.Pending}
	reply := &comment.Comment{ID: 9, AuthorName: "Bob", AuthorEmail: "bob@example.org", Text: "Ma réponse", State: comment.Approved}

	n.Held(s, a, held)
	n.Replied(s, a, parent, reply)
	n.Replied(s, a, &comment.Comment{AuthorEmail: "quiet@example.org"}, reply)                           // did not ask
	n.Replied(s, a, parent, &comment.Comment{AuthorEmail: "ALICE@example.org", State: comment.Approved}) // herself
	n.Replied(s, a, parent, &comment.Comment{AuthorEmail: "x@example.org", State: comment.Pending})      // not shown yet
	n.Wait()
	got := box.received()
	if len(got) != 2 {
		t.Fatalf("%d e-mails, want 2: %q", len(got), got)
	}
	var toMod, toAlice string
	for _, m := range got {
		switch {
		case strings.HasPrefix(m, "mod@example.org\n"):
			toMod = m
		case strings.HasPrefix(m, "alice@example.org\n"):
			toAlice = m
		}
	}
	if !strings.Contains(toMod, "Texte retenu") || !strings.Contains(toMod, "https://nouvelles.example/admin/comments/8") {
		t.Errorf("moderators' e-mail:\n%s", toMod)
	}
	if head, _, _ := strings.Cut(toMod, "\r\n\r\n"); strings.Contains(head, "\r\nBcc:") {
		t.Errorf("a name injected a header:\n%s", toMod)
	}
	if !strings.Contains(toAlice, "Ma réponse") || !strings.Contains(toAlice, "https://nouvelles.example/astana/#comment-9") ||
		!strings.Contains(toAlice, "Subject: =?utf-8?q?") {
		t.Errorf("reply e-mail:\n%s", toAlice)
	}
}

func TestSendFailureIsLogged(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	n := New(Config{Addr: addr, From: "site@example.org", Moderators: []string{"mod@example.org"}}, i18n.MustNew(), nil)
	n.timeout = 5 * time.Second
	n.Held(site.Defaults(), &article.Article{Title: "x"}, &comment.Comment{ID: 1})
	n.Wait() // returns: the failure is logged, nothing panics or blocks
	var nilN *Notifier
	nilN.Held(site.Defaults(), &article.Article{}, &comment.Comment{})
	nilN.Wait()
}

func TestParseURL(t *testing.T) {
	c, err := ParseURL("smtp://u:p%40ss@mail.example.org?from=site@example.org&to=a@example.org,+b@example.org")
	if err != nil || c.Addr != "mail.example.org:587" || c.Username != "u" || c.Password != "p@ss" || len(c.Moderators) != 2 {
		t.Errorf("got %+v %v", c, err)
	}
	for _, bad := range []string{"", "http://x", "smtp://host", "smtp://host?from=nope", "smtp://host?from=a@b.c&to=nope"} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
