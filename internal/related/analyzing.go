package related

import (
	"context"
	"log/slog"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// AnalyzingStore wraps a store so that every article created, updated or
// published by the scheduler is analyzed by Engine right after (search
// index, related articles), whoever saved it: newsroom, API, importer. A
// failed analysis is logged, not returned: the article is saved, and
// `kiosque reindex` repairs the index.
type AnalyzingStore struct {
	store.Store
	Engine *Engine
	Logger *slog.Logger
}

func (s *AnalyzingStore) analyze(ctx context.Context, ids ...article.ID) {
	for _, id := range ids {
		if err := s.Engine.Update(context.WithoutCancel(ctx), id); err != nil && s.Logger != nil {
			s.Logger.WarnContext(ctx, "article analysis failed; run kiosque reindex", "article_id", int64(id), "error", err)
		}
	}
}

// CreateArticle implements store.Articles.
func (s *AnalyzingStore) CreateArticle(ctx context.Context, a *article.Article) error {
	if err := s.Store.CreateArticle(ctx, a); err != nil {
		return err
	}
	s.analyze(ctx, a.ID)
	return nil
}

// UpdateArticle implements store.Articles.
func (s *AnalyzingStore) UpdateArticle(ctx context.Context, a *article.Article) error {
	if err := s.Store.UpdateArticle(ctx, a); err != nil {
		return err
	}
	s.analyze(ctx, a.ID)
	return nil
}

// PublishDue implements store.Articles.
func (s *AnalyzingStore) PublishDue(ctx context.Context, now time.Time) ([]article.ID, error) {
	ids, err := s.Store.PublishDue(ctx, now)
	if err == nil {
		s.analyze(ctx, ids...)
	}
	return ids, err
}
