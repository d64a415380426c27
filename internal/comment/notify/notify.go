// Package notify sends the optional comment e-mails: to the moderators when
// a comment waits for them, and to a commenter who asked for it when
// someone replies. It is off unless an SMTP server is configured, and a
// failure to send is logged, never returned: the comment is already stored.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/mail"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
)

// Config says how to reach the SMTP server and who moderates.
type Config struct {
	Addr       string // host:port
	Username   string // empty: no authentication
	Password   string
	From       string   // sender address
	Moderators []string // who hears of held comments
}

// ParseURL reads a configuration from a URL such as
// smtp://user:pass@mail.example.org:587?from=site@example.org&to=a@example.org,b@example.org
// (to: the moderators). The port defaults to 587.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return Config{}, errors.New("notify: want smtp://[user:pass@]host[:port]?from=ADDRESS[&to=MODERATORS]")
	}
	c := Config{Addr: u.Host, From: u.Query().Get("from")}
	if u.Port() == "" {
		c.Addr += ":587"
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return Config{}, fmt.Errorf("notify: from=%q is not an e-mail address", c.From)
	}
	for _, to := range strings.Split(u.Query().Get("to"), ",") {
		if to = strings.TrimSpace(to); to == "" {
			continue
		}
		if _, err := mail.ParseAddress(to); err != nil {
			return Config{}, fmt.Errorf("notify: to=%q is not an e-mail address", to)
		}
		c.Moderators = append(c.Moderators, to)
	}
	return c, nil
}

// Notifier sends the e-mails in the background. A nil *Notifier is valid
// and sends nothing.
type Notifier struct {
	cfg  Config
	msgs *i18n.Bundle
	log  *slog.Logger
	wg   sync.WaitGroup
	// timeout bounds each attempt to send.
	timeout time.Duration
}

// New returns a notifier for cfg.
func New(cfg Config, msgs *i18n.Bundle, logger *slog.Logger) *Notifier {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Notifier{cfg: cfg, msgs: msgs, log: logger.With("component", "notify"), timeout: 30 * time.Second}
}

// CanNotifyReplies reports whether the form may offer "notify me of
// replies".
func (n *Notifier) CanNotifyReplies() bool { return n != nil }

// Held tells the moderators that c, on article a, waits for them.
func (n *Notifier) Held(s site.Settings, a *article.Article, c *comment.Comment) {
	if n == nil || len(n.cfg.Moderators) == 0 {
		return
	}
	subject := n.msgs.T(s.Lang, "comment.mail.held_subject", s.Name, a.Title)
	body := n.msgs.T(s.Lang, "comment.mail.held_body", oneLine(c.AuthorName), a.Title, c.Text,
		s.URL("/admin/comments/"+strconv.FormatInt(int64(c.ID), 10)))
	n.send(n.cfg.Moderators, subject, body, "held", c.ID)
}

// Replied tells the author of parent, if they asked, that reply (approved,
// by someone else) answers them on article a.
func (n *Notifier) Replied(s site.Settings, a *article.Article, parent, reply *comment.Comment) {
	if n == nil || !parent.NotifyReplies || reply.State != comment.Approved ||
		strings.EqualFold(parent.AuthorEmail, reply.AuthorEmail) {
		return
	}
	link := s.URL("/" + a.Slug + "/#comment-" + strconv.FormatInt(int64(reply.ID), 10))
	subject := n.msgs.T(s.Lang, "comment.mail.reply_subject", a.Title)
	body := n.msgs.T(s.Lang, "comment.mail.reply_body", oneLine(parent.AuthorName), oneLine(reply.AuthorName), a.Title, reply.Text, link)
	n.send([]string{parent.AuthorEmail}, subject, body, "reply", reply.ID)
}

// Wait blocks until the e-mails being sent are sent or have failed (at
// shutdown, and in tests).
func (n *Notifier) Wait() {
	if n != nil {
		n.wg.Wait()
	}
}

// send mails in the background; failures are logged without addresses.
func (n *Notifier) send(to []string, subject, body, kind string, id comment.ID) {
	msg := message(n.cfg.From, to, subject, body)
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), n.timeout)
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- n.deliver(to, msg) }()
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			n.log.Warn("comment e-mail not sent", "kind", kind, "comment_id", id, "err", err)
			return
		}
		n.log.Debug("comment e-mail sent", "kind", kind, "comment_id", id, "recipients", len(to))
	}()
}

func (n *Notifier) deliver(to []string, msg []byte) error {
	var auth smtp.Auth
	if n.cfg.Username != "" {
		host, _, _ := strings.Cut(n.cfg.Addr, ":")
		auth = smtp.PlainAuth("", n.cfg.Username, n.cfg.Password, host)
	}
	return smtp.SendMail(n.cfg.Addr, auth, n.cfg.From, to, msg)
}

// message builds a plain-text UTF-8 e-mail. Header values are encoded, so
// a commenter's name or an article's title cannot add headers.
func message(from string, to []string, subject, body string) []byte {
	var b strings.Builder
	b.WriteString("From: " + from + "\r\n")
	b.WriteString("To: " + strings.Join(to, ", ") + "\r\n")
	b.WriteString("Subject: " + mime.QEncoding.Encode("utf-8", oneLine(subject)) + "\r\n")
	b.WriteString("Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n")
	b.WriteString("Auto-Submitted: auto-generated\r\n\r\n")
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	for _, line := range strings.Split(body, "\n") {
		b.WriteString(line + "\r\n") // net/smtp dot-stuffs the lines
	}
	return []byte(b.String())
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
