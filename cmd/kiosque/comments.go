package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/site"
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
