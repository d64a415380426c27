package syndication

import (
	"context"
	"time"

	"github.com/kiosque/kiosque/internal/store"
)

// Poller pulls every enabled source whose interval has passed. Run it on
// one node only (the cluster's job leader): items are deduplicated by the
// store either way, but one poller is polite to the sources.
type Poller struct {
	Puller *Puller
	// Tick is how often sources are checked; one minute when 0.
	Tick time.Duration
	// Settings, when set, are read before each round to configure the
	// translator (SettingTranslateURL, SettingTranslateKey), so a change
	// in the admin applies without a restart.
	Settings store.Settings
}

// PollDue pulls each enabled source that was never polled or whose
// Interval has passed since its last poll, and returns how many it pulled.
// A failing source is logged and recorded on the source; the others go on.
func (pl *Poller) PollDue(ctx context.Context) (int, error) {
	p := pl.Puller
	if pl.Settings != nil {
		kv, err := pl.Settings.Settings(ctx)
		if err != nil {
			return 0, err
		}
		p.Translator = TranslatorFromSettings(kv, nil)
	}
	sources, err := p.Store.FeedSources(ctx)
	if err != nil {
		return 0, err
	}
	now := p.now()
	n := 0
	for i := range sources {
		src := &sources[i]
		if !src.Enabled || (!src.PolledAt.IsZero() && now.Before(src.PolledAt.Add(src.Interval))) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
		n++
		res, err := p.Pull(ctx, src)
		if err != nil {
			p.log().Warn("feed pull failed", "source", src.Name, "url", src.URL, "err", err)
			continue
		}
		p.log().Info("feed pulled", "source", src.Name, "result", res.Line())
	}
	return n, nil
}

// Run calls PollDue at every tick until ctx ends.
func (pl *Poller) Run(ctx context.Context) {
	tick := pl.Tick
	if tick <= 0 {
		tick = time.Minute
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if _, err := pl.PollDue(ctx); err != nil && ctx.Err() == nil {
			pl.Puller.log().Error("feed poller", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
