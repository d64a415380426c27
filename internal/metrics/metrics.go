// Package metrics is what a Kiosque node tells Prometheus at /metrics:
// the requests it answered (by kind of page and status class, with their
// durations, whether the full stack or the fast path answered them), its
// page cache, its database connections, and Go's runtime and the process.
// The endpoint answers a scraper that sends an API key (`kiosque apikey
// add`) as a Bearer token, or one that connects straight from this machine.
package metrics

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Kinds of requests, by path.
var kinds = []string{"page", "search", "feed", "static", "admin", "api", "akismet", "health", "metrics"}

const (
	kindPage = iota
	kindSearch
	kindFeed
	kindStatic
	kindAdmin
	kindAPI
	kindAkismet
	kindHealth
	kindMetrics
)

// classes are the status classes shown from the start (others, which a
// site hardly ever answers, show once seen).
var classes = []string{"2xx", "3xx", "4xx", "5xx"}

// CacheStats are the page cache's counters (cache.Cache.Stats).
type CacheStats struct {
	Hits, Misses   int64
	Entries        int
	Bytes, MaxSize int64
}

// Options say what else the node reports.
type Options struct {
	// Cache returns the page cache's counters; nil when there is no cache.
	Cache func() CacheStats
	// DBs are the database connection pools, by name ("read", "write").
	DBs map[string]*sql.DB
}

// Metrics counts requests and serves /metrics. It is safe for concurrent
// use; Observe costs two atomic additions.
type Metrics struct {
	reg       *prometheus.Registry
	vec       *prometheus.CounterVec
	requests  [][]prometheus.Counter // by kind, by class 2xx–5xx
	durations []prometheus.Observer  // by kind
}

// New returns the metrics of one node.
func New(opts Options) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for name, db := range opts.DBs {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kiosque_http_requests_total",
		Help: "Requests answered, by kind of page and status class (fast path included; a status outside 2xx–5xx is counted as itself).",
	}, []string{"kind", "code"})
	durations := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kiosque_http_request_duration_seconds",
		Help:    "Time to answer a request, by kind of page (fast path included).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"kind"})
	m.reg.MustRegister(requests, durations)
	m.vec = requests
	for _, k := range kinds {
		row := make([]prometheus.Counter, len(classes))
		for c, class := range classes {
			row[c] = requests.WithLabelValues(k, class)
		}
		m.requests = append(m.requests, row)
		m.durations = append(m.durations, durations.WithLabelValues(k))
	}
	if opts.Cache != nil {
		stat := opts.Cache
		m.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kiosque_cache_hits_total", Help: "Page cache hits."},
				func() float64 { return float64(stat().Hits) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kiosque_cache_misses_total", Help: "Page cache misses (pages rendered)."},
				func() float64 { return float64(stat().Misses) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kiosque_cache_entries", Help: "Pages in the page cache."},
				func() float64 { return float64(stat().Entries) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kiosque_cache_bytes", Help: "Bytes held by the page cache."},
				func() float64 { return float64(stat().Bytes) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kiosque_cache_max_bytes", Help: "The page cache's size limit (--cache-mb)."},
				func() float64 { return float64(stat().MaxSize) }),
		)
	}
	return m
}

// kindOf sorts a request path into a kind.
func kindOf(path string) int {
	switch {
	case strings.HasPrefix(path, "/admin/"), path == "/admin":
		return kindAdmin
	case strings.HasPrefix(path, "/api/"):
		return kindAPI
	case strings.HasPrefix(path, "/1.1/"), strings.HasPrefix(path, "/1.2/"):
		return kindAkismet
	case path == "/search", strings.HasPrefix(path, "/search/"):
		return kindSearch
	case strings.HasPrefix(path, "/feed"), strings.HasSuffix(path, "/feed/"), strings.HasSuffix(path, ".xml"):
		return kindFeed
	case strings.HasPrefix(path, "/media/"), strings.HasPrefix(path, "/static/"), strings.HasPrefix(path, "/assets/"),
		path == "/favicon.ico", path == "/robots.txt":
		return kindStatic
	case path == "/healthz":
		return kindHealth
	case path == "/metrics":
		return kindMetrics
	}
	return kindPage
}

// Observe counts one answered request (web.RequestLog calls it for the
// full stack and the fast path alike).
func (m *Metrics) Observe(path string, status int, took time.Duration) {
	k := kindOf(path)
	if c := status/100 - 2; c >= 0 && c < len(classes) {
		m.requests[k][c].Inc()
	} else {
		m.vec.WithLabelValues(kinds[k], strconv.Itoa(status)).Inc()
	}
	m.durations[k].Observe(took.Seconds())
}

// Handler serves the metrics to a scraper that authenticate accepts the
// Bearer token of, or to one connected from this machine without a proxy
// in between; others get 401.
func (m *Metrics) Handler(authenticate func(ctx context.Context, token string) error) http.Handler {
	serve := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !local(r) {
			token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || authenticate == nil || authenticate(r.Context(), strings.TrimSpace(token)) != nil {
				// no body: the header says what to send, in no language
				w.Header().Set("WWW-Authenticate", `Bearer realm="kiosque metrics"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
		}
		serve.ServeHTTP(w, r)
	})
}

// local reports whether r comes straight from this machine: a loopback
// peer with no forwarding header (a reverse proxy on the same machine
// adds one, and its clients are not local).
func local(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return false
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-Ip", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	return true
}
