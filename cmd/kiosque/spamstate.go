package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/store"
)

// spamStateBlob names the spam filter's learned state in the store.
const spamStateBlob = "spam.learned"

// learnedState keeps what the spam filter learns from moderators (and from
// other sites' submit-spam/submit-ham calls) across restarts and nodes:
// after each lesson the state is saved and an event tells the other nodes
// to load it. Two nodes learning in the same instant may lose one lesson;
// the filter's shipped model is never at risk.
type learnedState struct {
	cs     *commentServices
	st     store.Blobs
	bus    cluster.Bus
	logger *slog.Logger
}

// restore loads the saved state, if any, into the filter.
func (l *learnedState) restore(ctx context.Context) error {
	b, err := l.st.Blob(ctx, spamStateBlob)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return l.cs.Filter.Restore(b)
}

// saved stores the filter's state and tells the other nodes.
func (l *learnedState) saved(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	if err := l.st.SaveBlob(ctx, spamStateBlob, l.cs.Filter.State()); err != nil {
		l.logger.Error("save the spam filter's learned state", "err", err)
		return
	}
	if err := l.bus.Publish(ctx, cluster.Event{Kind: "spam"}); err != nil {
		l.logger.Warn("tell other nodes the spam filter learned", "err", err)
	}
}

// subscribe reloads the state when another node saved one.
func (l *learnedState) subscribe(node string) {
	l.bus.Subscribe(func(e cluster.Event) {
		if e.Kind != "spam" || e.Node == node || e.Node == "" {
			return
		}
		if err := l.restore(context.Background()); err != nil {
			l.logger.Warn("reload the spam filter's learned state", "err", err)
		}
	})
}

// afterLearning wraps the Akismet API so that a successful submit-spam or
// submit-ham (which teach the filter) saves the state.
func (l *learnedState) afterLearning(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		if sw.status == http.StatusOK && (strings.HasSuffix(r.URL.Path, "/submit-spam") || strings.HasSuffix(r.URL.Path, "/submit-ham")) {
			l.saved(r.Context())
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
