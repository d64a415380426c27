package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/syndication"
)

// syndicationStore is what the feed commands and the poller need.
type syndicationStore interface {
	store.Store
	store.Syndication
}

// importFeedCmd is `kiosque import feed [flags] URL`: it adds the feed as a
// source (or updates the source with the flags given) and pulls it once.
func importFeedCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	var name, translateFrom, lang, translateURL, translateKey string
	var publish bool
	var interval time.Duration
	f := newFlagSet("import feed", getenv, stderr)
	f.commonFlags(&cfg)
	f.StringVar(&name, "name", "", "source name shown to readers (default: the feed's title)")
	f.BoolVar(&publish, "publish", false, "publish new items at once (default: drafts in the editors' queue)")
	f.StringVar(&translateFrom, "translate-from", "", "machine-translate items from this language (needs translate.url in the settings); translated items stay drafts")
	f.StringVar(&lang, "lang", "", "language of the articles, fr or en (default: the site's)")
	f.string(&translateURL, "translate-url", "", "save this LibreTranslate-compatible service as the site's translator (setting translate.url); \"off\" removes it")
	f.string(&translateKey, "translate-key", "", "save the translator's API key (setting translate.api_key); prefer the variable to the flag")
	f.DurationVar(&interval, "interval", 15*time.Minute, "how often the background poller pulls this source")
	f.Usage = func() {
		fmt.Fprintln(f.Output(), "Usage: kiosque import feed [flags] URL\n\nAdds an RSS or Atom feed as a source and pulls it once. The server's poller then pulls it at its interval.")
		f.PrintDefaults()
	}
	pos, err := parsePositional(f, args, &cfg, 1)
	if err != nil {
		return err
	}
	if lang != "" && !article.ValidLang(lang) {
		return fmt.Errorf("configuration: --lang %q: want fr or en", lang)
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	ss, ok := st.(syndicationStore)
	if !ok {
		return fmt.Errorf("import feed: the %T store has no feed sources", st)
	}
	if err := saveTranslator(ctx, ss, translateURL, translateKey); err != nil {
		return err
	}
	kv, err := ss.Settings(ctx)
	if err != nil {
		return err
	}
	src, err := ss.FeedSourceByURL(ctx, pos[0])
	if errors.Is(err, store.ErrNotFound) {
		src, err = &store.FeedSource{URL: pos[0], Name: pos[0], Enabled: true, Lang: kv["site.lang"]}, nil
	}
	if err != nil {
		return err
	}
	if name != "" {
		src.Name = name
	}
	if lang != "" {
		src.Lang = lang
	}
	if !article.ValidLang(src.Lang) {
		src.Lang = "fr"
	}
	src.Publish, src.TranslateFrom, src.Interval = publish, translateFrom, interval
	if err := ss.SaveFeedSource(ctx, src); err != nil {
		return err
	}
	client := syndication.NewClient()
	p := &syndication.Puller{Store: ss, Client: client, Translator: syndication.TranslatorFromSettings(kv, nil), Logger: logger}
	res, err := p.Pull(ctx, src)
	if res != nil {
		for _, l := range res.Problems {
			fmt.Fprintln(stdout, "problem:", l)
		}
		fmt.Fprintf(stdout, "%s: %s\n", src.Name, res.Line())
	}
	announce(ctx, st, "import", logger)
	return err
}

// saveTranslator stores the translation service settings given on the
// command line; empty values leave the settings as they are.
func saveTranslator(ctx context.Context, st store.Settings, url, key string) error {
	kv := map[string]string{}
	switch {
	case url == "off":
		kv[syndication.SettingTranslateURL], kv[syndication.SettingTranslateKey] = "", ""
	case url != "":
		if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
			return fmt.Errorf("configuration: --translate-url %q: want http(s)://host or off", url)
		}
		kv[syndication.SettingTranslateURL] = url
	}
	if key != "" && url != "off" {
		kv[syndication.SettingTranslateKey] = key
	}
	if len(kv) == 0 {
		return nil
	}
	return st.SaveSettings(ctx, kv)
}
