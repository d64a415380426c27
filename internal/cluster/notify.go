package cluster

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

// Page-cache tags. A page showing an article (its own page, a "Lire aussi"
// box) is tagged ArticleTag(id); every listing (home, category, tag,
// author, feeds, sitemaps, search) is tagged Lists.
const Lists = "lists"

// ArticleTag is the tag of the pages that show article id.
func ArticleTag(id article.ID) string { return fmt.Sprintf("article:%d", id) }

// NotifyingStore wraps a store so that every successful change publishes
// the event that purges the pages it shows up on, whoever made the change
// (newsroom, API, importer, scheduler). Reads pass straight through.
type NotifyingStore struct {
	store.Store
	Bus    Bus
	Logger *slog.Logger
	// Analyze, when set, is called on this node after articles were
	// created, edited or published (search terms, related articles).
	Analyze func(ctx context.Context, ids []article.ID)
}

func (s *NotifyingStore) publish(ctx context.Context, e Event) {
	// The change is committed: a failed notification must not fail it.
	// Other nodes' pages then age out with the cache TTL.
	if err := s.Bus.Publish(context.WithoutCancel(ctx), e); err != nil && s.Logger != nil {
		s.Logger.Warn("could not publish a change to other nodes", "kind", e.Kind, "error", err)
	}
}

func (s *NotifyingStore) articleChanged(ctx context.Context, ids ...article.ID) {
	tags := []string{Lists}
	for _, id := range ids {
		tags = append(tags, ArticleTag(id))
	}
	s.publish(ctx, Event{Kind: "article", Tags: tags})
}

// withVersions adds to ids the other language versions of the articles
// given (a, when known, saves reading it): their pages link to each other
// (a line under the title, hreflang), so a change to one changes them all.
// A failure costs only those purges: the pages age out with the cache TTL.
func (s *NotifyingStore) withVersions(ctx context.Context, known []*article.Article, ids ...article.ID) []article.ID {
	out := slices.Clone(ids)
	for i, id := range ids {
		var a *article.Article
		if i < len(known) {
			a = known[i]
		} else if got, err := s.Store.Article(ctx, id); err == nil {
			a = got
		}
		if a == nil || a.TranslationGroup == 0 {
			continue
		}
		others, _, err := s.Store.ListArticles(ctx, store.ArticleFilter{TranslationGroup: a.TranslationGroup, ExcludeID: id, Limit: 50, NoTotal: true})
		if err != nil {
			if s.Logger != nil {
				s.Logger.Warn("could not find an article's other versions to purge", "article_id", id, "error", err)
			}
			continue
		}
		for _, o := range others {
			out = append(out, o.ID)
		}
	}
	return out
}

func (s *NotifyingStore) analyze(ctx context.Context, ids ...article.ID) {
	if s.Analyze != nil && len(ids) > 0 {
		s.Analyze(context.WithoutCancel(ctx), ids)
	}
}

// CreateArticle implements store.Articles.
func (s *NotifyingStore) CreateArticle(ctx context.Context, a *article.Article) error {
	if err := s.Store.CreateArticle(ctx, a); err != nil {
		return err
	}
	s.analyze(ctx, a.ID)
	s.articleChanged(ctx, s.withVersions(ctx, []*article.Article{a}, a.ID)...)
	return nil
}

// UpdateArticle implements store.Articles.
func (s *NotifyingStore) UpdateArticle(ctx context.Context, a *article.Article) error {
	if err := s.Store.UpdateArticle(ctx, a); err != nil {
		return err
	}
	s.analyze(ctx, a.ID)
	s.articleChanged(ctx, s.withVersions(ctx, []*article.Article{a}, a.ID)...)
	return nil
}

// DeleteArticle implements store.Articles.
func (s *NotifyingStore) DeleteArticle(ctx context.Context, id article.ID) error {
	ids := s.withVersions(ctx, nil, id) // while the article is there to tell its group
	if err := s.Store.DeleteArticle(ctx, id); err != nil {
		return err
	}
	s.articleChanged(ctx, ids...)
	return nil
}

// PublishDue implements store.Articles.
func (s *NotifyingStore) PublishDue(ctx context.Context, now time.Time) ([]article.ID, error) {
	ids, err := s.Store.PublishDue(ctx, now)
	if err == nil && len(ids) > 0 {
		s.analyze(ctx, ids...)
		s.articleChanged(ctx, s.withVersions(ctx, nil, ids...)...)
	}
	return ids, err
}

// Taxonomy and settings show on every page (navigation, site name): a
// change purges everything.
func (s *NotifyingStore) everything(ctx context.Context, kind string, err error) error {
	if err == nil {
		s.publish(ctx, Event{Kind: kind, All: true})
	}
	return err
}

// SaveCategory implements store.Taxonomy.
func (s *NotifyingStore) SaveCategory(ctx context.Context, c *article.Category) error {
	return s.everything(ctx, "category", s.Store.SaveCategory(ctx, c))
}

// DeleteCategory implements store.Taxonomy.
func (s *NotifyingStore) DeleteCategory(ctx context.Context, id int64) error {
	return s.everything(ctx, "category", s.Store.DeleteCategory(ctx, id))
}

// SaveTag implements store.Taxonomy.
func (s *NotifyingStore) SaveTag(ctx context.Context, t *article.Tag) error {
	return s.everything(ctx, "tag", s.Store.SaveTag(ctx, t))
}

// DeleteTag implements store.Taxonomy.
func (s *NotifyingStore) DeleteTag(ctx context.Context, id int64) error {
	return s.everything(ctx, "tag", s.Store.DeleteTag(ctx, id))
}

// SaveAuthor implements store.Taxonomy.
func (s *NotifyingStore) SaveAuthor(ctx context.Context, a *article.Author) error {
	return s.everything(ctx, "author", s.Store.SaveAuthor(ctx, a))
}

// DeleteAuthor implements store.Taxonomy.
func (s *NotifyingStore) DeleteAuthor(ctx context.Context, id int64) error {
	return s.everything(ctx, "author", s.Store.DeleteAuthor(ctx, id))
}

// SaveSettings implements store.Settings.
func (s *NotifyingStore) SaveSettings(ctx context.Context, kv map[string]string) error {
	return s.everything(ctx, "settings", s.Store.SaveSettings(ctx, kv))
}

// Comments: an approved comment shows on its article's page (and in
// comment counts on listings).

// CreateComment implements store.Comments.
func (s *NotifyingStore) CreateComment(ctx context.Context, c *comment.Comment) (bool, error) {
	created, err := s.Store.CreateComment(ctx, c)
	if err == nil && created && c.State == comment.Approved {
		s.articleChanged(ctx, c.ArticleID)
	}
	return created, err
}

// commentArticles returns the articles of the listed comments (read before
// a change that may hide them).
func (s *NotifyingStore) commentArticles(ctx context.Context, ids ...comment.ID) []article.ID {
	seen := map[article.ID]bool{}
	var out []article.ID
	for _, id := range ids {
		if c, err := s.Store.Comment(ctx, id); err == nil && !seen[c.ArticleID] {
			seen[c.ArticleID] = true
			out = append(out, c.ArticleID)
		}
	}
	return out
}

// SetCommentState implements store.Comments.
func (s *NotifyingStore) SetCommentState(ctx context.Context, state comment.State, ids ...comment.ID) (int, error) {
	arts := s.commentArticles(ctx, ids...)
	n, err := s.Store.SetCommentState(ctx, state, ids...)
	if err == nil && n > 0 && len(arts) > 0 {
		s.articleChanged(ctx, arts...)
	}
	return n, err
}

// UpdateCommentText implements store.Comments.
func (s *NotifyingStore) UpdateCommentText(ctx context.Context, id comment.ID, text string) error {
	arts := s.commentArticles(ctx, id)
	err := s.Store.UpdateCommentText(ctx, id, text)
	if err == nil && len(arts) > 0 {
		s.articleChanged(ctx, arts...)
	}
	return err
}

// DeleteComment implements store.Comments.
func (s *NotifyingStore) DeleteComment(ctx context.Context, id comment.ID) error {
	arts := s.commentArticles(ctx, id)
	err := s.Store.DeleteComment(ctx, id)
	if err == nil && len(arts) > 0 {
		s.articleChanged(ctx, arts...)
	}
	return err
}

// EraseCommentsByEmail implements store.Comments.
func (s *NotifyingStore) EraseCommentsByEmail(ctx context.Context, email string) (int, error) {
	n, err := s.Store.EraseCommentsByEmail(ctx, email)
	if err == nil && n > 0 {
		s.publish(ctx, Event{Kind: "comment", All: true})
	}
	return n, err
}

// ImportArticle implements store.ArticleImporter (syndication and imports
// run through it): the new article is analyzed and shows on listings.
func (s *NotifyingStore) ImportArticle(ctx context.Context, a *article.Article, redirects []store.Redirect, comments []comment.Comment) (int, error) {
	n, err := s.Store.ImportArticle(ctx, a, redirects, comments)
	if err == nil {
		s.analyze(ctx, a.ID)
		s.articleChanged(ctx, a.ID)
	}
	return n, err
}

// SaveRelated implements store.SearchIndex. An article's page shows its
// related articles ("Lire aussi"): when its list changes (a new article
// takes a place in it, one leaves it, the order moves), its page is purged
// on every node. The related engine rewrites the lists of an article's
// neighbours when it is published, edited or unpublished; most of those
// writes change nothing and purge nothing.
func (s *NotifyingStore) SaveRelated(ctx context.Context, id article.ID, links []store.RelatedLink) error {
	return s.SaveRelatedLists(ctx, []store.RelatedList{{ArticleID: id, Links: links}})
}

// SaveRelatedLists implements store.SearchIndex: SaveRelated for many
// lists (an article's own and its neighbours', when it is analyzed), with
// one event for the pages whose list changed. A long batch (a rebuild)
// purges all its pages without comparing.
func (s *NotifyingStore) SaveRelatedLists(ctx context.Context, lists []store.RelatedList) error {
	const compareUpTo = 50
	var changed []string
	for _, l := range lists {
		if len(lists) > compareUpTo {
			changed = append(changed, ArticleTag(l.ArticleID))
			continue
		}
		// One more than the new list: a longer old list differs too.
		old, err := s.Store.Related(ctx, l.ArticleID, len(l.Links)+1, time.Time{})
		if err != nil || !sameRelated(old, l.Links) {
			changed = append(changed, ArticleTag(l.ArticleID))
		}
	}
	if err := s.Store.SaveRelatedLists(ctx, lists); err != nil {
		return err
	}
	if len(changed) > 0 {
		s.publish(ctx, Event{Kind: "related", Tags: changed})
	}
	return nil
}

// sameRelated reports whether two related lists show the same articles in
// the same order (the stored order: score, then id, both descending).
func sameRelated(stored, links []store.RelatedLink) bool {
	if len(stored) != len(links) {
		return false
	}
	sorted := slices.Clone(links)
	slices.SortFunc(sorted, func(a, b store.RelatedLink) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.Related, a.Related)
	})
	for i := range sorted {
		if sorted[i].Related != stored[i].Related {
			return false
		}
	}
	return true
}
