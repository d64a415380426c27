package spam

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Options configure a Classifier. The zero value is usable: shipped model,
// no form tokens, in-process memories, default limits.
type Options struct {
	// Training replaces the shipped third-party examples (model/comments.csv)
	// for tests and "spam eval --train"; Kiosque's own example comments
	// (model/kiosque-comments.csv) are still added, as in the shipped model.
	Training []Example
	// Tokens checks the form token of comments that have a Form. Nil: form
	// tokens are not checked.
	Tokens *Tokens
	// Texts remembers recent texts (duplicates); Posts remembers recent
	// posts per address (rate limit). Nil: an in-process Memory each.
	Texts Recent
	Posts Recent
	// RateLimit is how many comments one address may post per RateWindow
	// (default 10 per 10 minutes: readers behind one carrier-grade NAT share
	// an address).
	RateLimit  int
	RateWindow time.Duration
	// BadDomains are link domains that mark spam, added to the shipped list
	// (model/bad-domains.txt). A domain also matches its subdomains.
	BadDomains []string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Classifier judges comments and learns from moderators. It is safe for
// concurrent use.
type Classifier struct {
	model      *linear
	tokens     *Tokens
	texts      Recent
	posts      Recent
	rateLimit  int
	rateWindow time.Duration
	bad        map[string]bool
	now        func() time.Time
}

// New returns a Classifier. With no Options.Training it uses the model
// trained from the shipped data, trained once per process on first use.
func New(opts Options) (*Classifier, error) {
	c := &Classifier{
		tokens: opts.Tokens, texts: opts.Texts, posts: opts.Posts,
		rateLimit: opts.RateLimit, rateWindow: opts.RateWindow,
		bad: map[string]bool{}, now: opts.Now,
	}
	var base *linear
	var err error
	switch {
	case opts.Training == nil:
		base, err = builtin()
	case len(opts.Training) == 0:
		err = errors.New("spam: no training examples")
	default:
		base, err = trainWithOwn(opts.Training)
	}
	if err != nil {
		return nil, err
	}
	c.model = &linear{base: base.base, bias: base.bias, delta: map[uint32]float32{}}
	if c.rateLimit <= 0 {
		c.rateLimit = 10
	}
	if c.rateWindow <= 0 {
		c.rateWindow = DefaultRateWindow
	}
	if c.texts == nil {
		c.texts = NewMemory(DuplicateWindow, 20_000)
	}
	if c.posts == nil {
		c.posts = NewMemory(c.rateWindow, 20_000)
	}
	if c.now == nil {
		c.now = time.Now
	}
	for _, d := range append(parseDomains(shippedBadDomains), opts.BadDomains...) {
		c.bad[strings.TrimPrefix(strings.ToLower(d), "www.")] = true
	}
	return c, nil
}

// DuplicateWindow is how long a posted text is remembered (a text posted
// a third time within it weighs toward spam); DefaultRateWindow is the
// rate limit's window when Options.RateWindow is zero.
const (
	DuplicateWindow   = 24 * time.Hour
	DefaultRateWindow = 10 * time.Minute
)

// Weights of the signals, in log-odds added to the classifier's. A comment
// is discarded (blatant) only when a bot's trace (honeypot, replayed token,
// listed domain) took it to discardAt: the wording alone never makes a
// comment vanish unseen.
const (
	decisionShift = 1.0 // moves the classifier's threshold; see eval_test.go
	spamAt        = 0.0 // log-odds from which a comment is spam
	reviewAt      = -1.0
	discardAt     = 6.0

	wHoneypot     = 12
	wTokenMissing = 5
	wTokenBad     = 6
	wTokenReplay  = 10
	wTooFast      = 5
	wTooOld       = 1
	wBadDomain    = 10
	wPerLink      = 1.5 // per link beyond the second, up to wLinksMax
	wLinksMax     = 6
	wToolAgent    = 1.5 // a programming library's User-Agent, or none on the form
	wPerDuplicate = 2   // per copy beyond the second, up to wDuplicateMax
	wDuplicateMax = 6
)

// Check judges a comment: the text (CheckText) plus what only a live post
// shows: honeypot, form token (when Form is set), a scripted User-Agent
// (when IP is set), the same text posted before, the poster's rate. It
// records the post in the classifier's memories, so call it once
// per submitted comment. A rate-limited post comes back with RateLimited set
// and is not judged further. ctx is not used yet: it is there for memories
// shared between nodes.
func (c *Classifier) Check(ctx context.Context, cm Comment) Decision {
	now := c.now()
	if cm.IP != "" {
		if n := c.posts.Add("ip:"+cm.IP, now); n > c.rateLimit {
			return Decision{
				RateLimited: true, RetryAfter: c.rateWindow, Score: 1,
				Reasons: []Reason{{Key: "spam.reason.rate", Args: []any{n, int(c.rateWindow.Minutes())}}},
			}
		}
	}
	z, reasons, blatant := c.textOdds(cm)
	if strings.TrimSpace(cm.Honeypot) != "" {
		z += wHoneypot
		reasons = append(reasons, Reason{Key: "spam.reason.honeypot"})
		blatant = true
	}
	if cm.IP != "" && isToolAgent(cm.UserAgent, cm.Form != nil) {
		z += wToolAgent
		reasons = append(reasons, Reason{Key: "spam.reason.user_agent"})
	}
	if f := cm.Form; f != nil {
		dz, r, bot := c.formOdds(f, cm.ArticleID, cm.IP, now)
		z += dz
		reasons = append(reasons, r...)
		blatant = blatant || bot
	}
	if key := textKey(cm.Content); key != "" {
		if n := c.texts.Add(key, now); n > 2 {
			z += min(wDuplicateMax, wPerDuplicate*float64(n-2))
			reasons = append(reasons, Reason{Key: "spam.reason.duplicate", Args: []any{n}})
		}
	}
	return decide(z, reasons, blatant)
}

// CheckText judges a comment by what it says alone: the classifier, its
// links and their domains. It has no side effect and ignores Form and IP;
// evaluation uses it, so repeated texts do not flatter the numbers, and so
// do Akismet calls marked is_test.
func (c *Classifier) CheckText(cm Comment) Decision {
	return decide(c.textOdds(cm))
}

func decide(z float64, reasons []Reason, blatant bool) Decision {
	return Decision{
		Spam:    z >= spamAt,
		Review:  z < spamAt && z >= reviewAt,
		Discard: blatant && z >= discardAt,
		Score:   sigmoid(z),
		Reasons: reasons,
	}
}

// textOdds returns the log-odds of the text, shifted so 0 is the spam
// threshold, with its reasons, and whether it links a listed domain.
func (c *Classifier) textOdds(cm Comment) (z float64, reasons []Reason, blatant bool) {
	t := analyze(cm)
	z = c.model.logOdds(t.features(nil)) + decisionShift
	key := "spam.reason.text_ham"
	if z >= spamAt {
		key = "spam.reason.text_spam"
	}
	reasons = []Reason{{Key: key, Args: []any{int(math.Round(100 * sigmoid(z)))}}}
	if n := len(t.links); n > 2 {
		z += min(wLinksMax, wPerLink*float64(n-2))
		reasons = append(reasons, Reason{Key: "spam.reason.links", Args: []any{n}})
	}
	for _, h := range t.links {
		if c.isBad(h) {
			z += wBadDomain
			reasons = append(reasons, Reason{Key: "spam.reason.bad_domain", Args: []any{h}})
			blatant = true
			break
		}
	}
	return z, reasons, blatant
}

// formOdds weighs the form token; bot is set by a replayed token.
func (c *Classifier) formOdds(f *Form, articleID, client string, now time.Time) (z float64, reasons []Reason, bot bool) {
	if c.tokens == nil {
		return z, reasons, bot
	}
	if f.Token == "" {
		return z + wTokenMissing, append(reasons, Reason{Key: "spam.reason.token_missing"}), bot
	}
	switch err := c.tokens.Verify(f.Token, now, articleID, client); {
	case err == nil:
	case errors.Is(err, ErrTokenReplayed):
		z += wTokenReplay
		reasons = append(reasons, Reason{Key: "spam.reason.token_replayed"})
		bot = true
	case errors.Is(err, ErrTokenTooFast):
		z += wTooFast
		reasons = append(reasons, Reason{Key: "spam.reason.too_fast", Args: []any{int(TokenMinAge.Seconds())}})
	case errors.Is(err, ErrTokenExpired):
		z += wTooOld
		reasons = append(reasons, Reason{Key: "spam.reason.too_old"})
	default:
		z += wTokenBad
		reasons = append(reasons, Reason{Key: "spam.reason.token_invalid"})
	}
	return z, reasons, bot
}

// toolAgents start the User-Agent of scripts, not browsers (lower case).
var toolAgents = []string{"curl/", "wget/", "python-", "python/", "go-http-client", "java/", "okhttp", "libwww-perl", "php/", "ruby", "axios/", "node-fetch", "scrapy"}

// isToolAgent reports whether a User-Agent is a script's. A missing one
// counts only on the site's form (every browser sends one; Akismet clients
// may not pass it on).
func isToolAgent(ua string, form bool) bool {
	ua = strings.ToLower(strings.TrimSpace(ua))
	if ua == "" {
		return form
	}
	for _, p := range toolAgents {
		if strings.HasPrefix(ua, p) {
			return true
		}
	}
	return false
}

// isBad reports whether host or one of its parent domains is listed.
func (c *Classifier) isBad(host string) bool {
	for {
		if c.bad[host] {
			return true
		}
		_, rest, ok := strings.Cut(host, ".")
		if !ok || !strings.Contains(rest, ".") {
			return false // never match a bare top-level domain
		}
		host = rest
	}
}

// textKey is the fingerprint of a text for duplicate detection: its letters
// and digits, lower-cased, hashed. Texts under 20 such characters ("Merci !")
// are too common to count.
func textKey(s string) string {
	h, n := uint64(fnv64Offset), 0
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		for _, c := range utf8.AppendRune(buf[:0], unicode.ToLower(r)) {
			h = (h ^ uint64(c)) * fnv64Prime
		}
		n++
	}
	if n < 20 {
		return ""
	}
	return "text:" + strconv.FormatUint(h, 36)
}

// 64-bit FNV-1a.
const (
	fnv64Offset = 14695981039346656037
	fnv64Prime  = 1099511628211
)

// Learn teaches the classifier a moderator's decision: isSpam true for
// "mark as spam", false for "not spam" or an approval of a held comment.
// Only the text counts; the signals of a live post are not learned.
func (c *Classifier) Learn(cm Comment, isSpam bool) {
	c.model.learn(analyze(cm).features(nil), isSpam)
}

// Learned returns how many moderator decisions the classifier has learned.
func (c *Classifier) Learned() int {
	c.model.mu.RLock()
	defer c.model.mu.RUnlock()
	return c.model.learned
}

// State returns what the classifier learned from moderators, for the store
// to keep (a few bytes per distinct word learned, at most a few MB). The
// shipped model is not in it.
func (c *Classifier) State() []byte { return c.model.state() }

// Restore replaces what the classifier learned with a saved State. On error
// the classifier is unchanged.
func (c *Classifier) Restore(state []byte) error { return c.model.restore(state) }

// MarshalBinary implements encoding.BinaryMarshaler with State.
func (c *Classifier) MarshalBinary() ([]byte, error) { return c.State(), nil }

// UnmarshalBinary implements encoding.BinaryUnmarshaler with Restore.
func (c *Classifier) UnmarshalBinary(b []byte) error { return c.Restore(b) }
