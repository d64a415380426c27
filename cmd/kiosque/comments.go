package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/comment/notify"
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
)

const commentsUsage = `usage: kiosque comments export --email E      print every comment sent with E (JSON)
       kiosque comments erase --email E       delete every comment sent with E
       kiosque comments expire [--days N]     blank IPs and user agents older than N days
                                              (default: the site's retention setting) and
                                              delete spam and trash older than 30 days`

// cmdComments runs "kiosque comments SUBCOMMAND": readers' data rights from
// the command line (the admin offers the same), and the privacy retention job.
func cmdComments(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, commentsUsage)
		return errUsage
	}
	sub := args[0]
	if sub != "export" && sub != "erase" && sub != "expire" {
		fmt.Fprintln(stderr, commentsUsage)
		return errUsage
	}
	var cfg Config
	var email string
	var days int
	f := newFlagSet("comments "+sub, getenv, stderr)
	f.commonFlags(&cfg)
	if sub == "expire" {
		f.int(&days, "days", 0, "forget IPs older than this many days (0: the site's setting, 30 by default)")
	} else {
		f.FlagSet.StringVar(&email, "email", "", "the commenter's e-mail address")
	}
	if err := f.parse(args[1:], &cfg); err != nil {
		return err
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	now := time.Now().UTC()
	if sub == "expire" {
		if days <= 0 {
			kv, err := st.Settings(ctx)
			if err != nil {
				return err
			}
			days = site.FromMap(kv).IPRetentionDays
		}
		forgot, purged, err := comment.Expire(ctx, st, now, days)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Forgot the IP address of %d comment(s) older than %d days; deleted %d old spam or trashed comment(s).\n", forgot, days, purged)
		return nil
	}
	in := comment.Input{Name: "x", Text: "x", Email: email}
	in.Normalize()
	if email == "" || in.Validate() != nil {
		fmt.Fprintf(stderr, "kiosque comments %s: --email must be an e-mail address\n", sub)
		return errUsage
	}
	list, err := st.CommentsByEmail(ctx, in.Email)
	if err != nil {
		return err
	}
	if sub == "erase" {
		n, err := st.EraseCommentsByEmail(ctx, in.Email)
		if err != nil {
			return err
		}
		logger.Info("comments erased at a reader's request", "count", n)
		announce(ctx, st, "comment", logger)
		fmt.Fprintf(stdout, "Erased %d comment(s).\n", n)
		return nil
	}
	kv, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	s := site.FromMap(kv)
	ex := comment.NewExport(in.Email, now, list)
	for i := range ex.Comments {
		if a, err := st.Article(ctx, ex.Comments[i].ArticleID); err == nil {
			ex.Comments[i].ArticleTitle, ex.Comments[i].ArticleURL = a.Title, s.URL("/"+a.Slug+"/")
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(ex)
}

// commentServices are what the comment form and the moderation queue need
// besides the store. For serve, in cmdServe after the store and messages:
//
//	cs, err := newCommentServices(ctx, st, shared, msgs, logger, cfg.SMTP) // cfg.SMTP: "" or smtp://…
//	web.Options{…, Spam: cs.Filter, Tokens: cs.Tokens, Notify: cs.Notify, TrustProxy: cfg.TrustProxy,
//	    OnComment: func(ctx context.Context, id article.ID) {
//	        _ = bus.Publish(ctx, cluster.Event{Kind: "comment", Tags: []string{cluster.ArticleTag(id)}})
//	    }}
//	admin.Options{…, OnModerate: cs.OnModerate, Notify: cs.Notify}
//	api: the Akismet handler gets the same cs.Filter, so all learn together
//	defer cs.Notify.Wait() // let the last e-mails go
type commentServices struct {
	Filter *spam.Classifier
	Tokens *spam.Tokens
	Notify *notify.Notifier // nil without SMTP
}

// OnModerate teaches the filter a moderator's decision (admin.Options
// OnModerate): a comment moved to spam is spam, one moved to approved
// (approved, or "not spam") is ham; other moves teach nothing.
func (cs *commentServices) OnModerate(_ context.Context, c comment.Comment, to comment.State) {
	sc := spam.Comment{ArticleID: strconv.FormatInt(int64(c.ArticleID), 10), Content: c.Text,
		Author: c.AuthorName, Email: c.AuthorEmail, URL: c.AuthorURL}
	switch to {
	case comment.Spam:
		cs.Filter.Learn(sc, true)
	case comment.Approved:
		cs.Filter.Learn(sc, false)
	}
}

// tokenSecretKey is the setting holding the comment form's signing secret,
// made on first start and shared by every node.
const tokenSecretKey = "comments.form_secret"

// commentStore is what the comment services keep in the database.
type commentStore interface {
	store.Settings
	store.Sightings
}

// newCommentServices makes the filter, the form tokens and the e-mail
// notices. With shared (several nodes on PostgreSQL), the filter's
// memories (spent form tokens, texts posted, posts per address) live in
// the database, so every node agrees; otherwise in this process.
func newCommentServices(ctx context.Context, st commentStore, shared bool, msgs *i18n.Bundle, logger *slog.Logger, smtpURL string) (*commentServices, error) {
	secret, err := formSecret(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("comment form secret: %w", err)
	}
	opts := spam.Options{}
	var used spam.Recent
	if shared {
		used = spam.NewShared("tokens", st.AddSighting, spam.TokenMaxAge+time.Hour, logger)
		opts.Texts = spam.NewShared("texts", st.AddSighting, spam.DuplicateWindow, logger)
		opts.Posts = spam.NewShared("posts", st.AddSighting, spam.DefaultRateWindow, logger)
	}
	tokens, err := spam.NewTokens(secret, used)
	if err != nil {
		return nil, err
	}
	opts.Tokens = tokens
	filter, err := spam.New(opts)
	if err != nil {
		return nil, err
	}
	cs := &commentServices{Filter: filter, Tokens: tokens}
	if smtpURL != "" {
		cfg, err := notify.ParseURL(smtpURL)
		if err != nil {
			return nil, fmt.Errorf("--smtp: %w", err)
		}
		cs.Notify = notify.New(cfg, msgs, logger)
	}
	return cs, nil
}

// formSecret returns the stored form secret, making and storing one the
// first time.
func formSecret(ctx context.Context, st store.Settings) ([]byte, error) {
	kv, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if s, err := hex.DecodeString(kv[tokenSecretKey]); err == nil && len(s) >= 16 {
		return s, nil
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // crypto/rand never fails (Go 1.24+)
	if err := st.SaveSettings(ctx, map[string]string{tokenSecretKey: hex.EncodeToString(secret)}); err != nil {
		return nil, err
	}
	// Another node may have saved its own at the same moment: use whichever
	// the database kept.
	kv, err = st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(kv[tokenSecretKey])
}

// loadDemoComments stores the demo site's reader comments (demo.Comments),
// each judged by filter as a comment from the form would be by its text:
// spam is filed as spam, doubtful comments wait in the moderation queue,
// the rest is published. Call it once, right after demo.Load succeeded. It
// returns how many comments landed in each state.
func loadDemoComments(ctx context.Context, st store.Store, filter *spam.Classifier) (map[comment.State]int, error) {
	counts := map[comment.State]int{}
	stored := make([]*comment.Comment, len(demo.Comments))
	for i, dc := range demo.Comments {
		a, err := st.ArticleByExternalID(ctx, dc.ArticleExternalID)
		if err != nil {
			return counts, fmt.Errorf("demo comment %d: article %s: %w", i, dc.ArticleExternalID, err)
		}
		in := comment.Input{Name: dc.AuthorName, Email: dc.Email, URL: dc.URL, Text: dc.Text}
		in.Normalize()
		if err := in.Validate(); err != nil {
			return counts, fmt.Errorf("demo comment %d: %w", i, err)
		}
		c := in.Comment(a.ID)
		if dc.ParentIndex >= 0 && dc.ParentIndex < i && stored[dc.ParentIndex] != nil {
			p := stored[dc.ParentIndex]
			c.ParentID, c.Depth = p.ID, min(p.Depth+1, comment.MaxLevels-1)
		}
		d := filter.CheckText(spam.Comment{ArticleID: strconv.FormatInt(int64(a.ID), 10), Content: c.Text,
			Author: c.AuthorName, Email: c.AuthorEmail, URL: c.AuthorURL})
		v := comment.Verdict{Spam: d.Spam, Hold: d.Review, Score: d.Score}
		for _, r := range d.Reasons {
			v.Reasons = append(v.Reasons, comment.Reason{Key: r.Key, Args: r.Args})
		}
		c.State, c.SpamScore, c.SpamReasons = comment.Decide(site.Defaults(), v, true), v.Score, v.Reasons
		if _, err := st.CreateComment(ctx, c); err != nil {
			return counts, fmt.Errorf("demo comment %d: %w", i, err)
		}
		stored[i] = c
		counts[c.State]++
	}
	return counts, nil
}
