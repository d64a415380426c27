// Command bench is Kiosque's load benchmark: it builds a site of 10,000
// articles, starts Kiosque on 127.0.0.1, drives it with wrk (bounded in
// time and connections, it stops by itself), serves the same article bytes
// with nginx for comparison, and prints a table. See bench/README.md.
//
//	go run ./bench [-articles 10000] [-duration 10s] [-conns 64]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	articles int
	duration time.Duration
	conns    int
	threads  int
	keep     bool
}

func run() error {
	var o options
	flag.IntVar(&o.articles, "articles", 10000, "articles in the generated site")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "load duration of each scenario")
	flag.IntVar(&o.conns, "conns", 64, "concurrent connections")
	flag.IntVar(&o.threads, "threads", 2, "wrk threads")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory")
	flag.Parse()
	for _, tool := range []string{"wrk", "nginx", "go"} {
		if _, err := exec.LookPath(tool); err != nil && tool != "nginx" {
			return fmt.Errorf("%s not found: apt-get install wrk nginx", tool)
		}
	}
	dir, err := os.MkdirTemp("", "kiosque-bench-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(dir)
	}
	// nginx's workers run as an unprivileged user: let them read.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	loadAtStart := loadAverage()

	fmt.Fprintln(os.Stderr, "building kiosque…")
	bin := filepath.Join(dir, "kiosque")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/kiosque").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	dbPath := filepath.Join(dir, "site.db")
	fmt.Fprintf(os.Stderr, "generating %d articles…\n", o.articles)
	slugs, err := generate(ctx, dbPath, o.articles)
	if err != nil {
		return err
	}

	var rows []row
	cached, err := startKiosque(ctx, bin, dbPath, "64")
	if err != nil {
		return err
	}
	hot := slugs[:min(len(slugs), 500)]
	w := wrkRunner{dir: dir, o: o, pids: []int{cached.cmd.Process.Pid}}
	one := "/" + slugs[0] + "/"
	warm(cached.url, append([]string{one, "/"}, paths(hot)...))
	// The bytes nginx serves are those the cached scenario serves, taken
	// before the comment posts make the page longer.
	articleBytes, err := fetch(cached.url + one)
	if err != nil {
		return err
	}
	rows = append(rows,
		w.get("cached article (one URL)", cached.url, []string{one}),
		w.get("cached article (500 URLs)", cached.url, paths(hot)),
		w.get("home page (cached)", cached.url, []string{"/"}),
	)
	if ok(cached.url + "/search?q=asie") {
		rows = append(rows, w.get("search (cached)", cached.url, searchPaths()))
	} else {
		rows = append(rows, row{name: "search", note: "no /search route in this build"})
	}
	if ok(cached.url + "/" + slugs[1] + "/") {
		rows = append(rows, w.post("comment POST", cached.url, slugs[:200]))
	}
	cachedRSS := cached.peakRSS()
	cached.stop()

	uncached, err := startKiosque(ctx, bin, dbPath, "0")
	if err != nil {
		return err
	}
	w.pids = []int{uncached.cmd.Process.Pid}
	rows = append(rows, w.get("uncached article render", uncached.url, paths(slugs)))
	// At saturation, latency is queueing: 64 connections over 2,000
	// answers a second wait 32 ms on average whatever a render costs. The
	// render's own latency is read at a concurrency of a few per core.
	few := w
	few.o.conns = min(w.o.conns, 4*numCPU())
	r := few.get("uncached article render", uncached.url, paths(slugs))
	r.name += fmt.Sprintf(", %d conns", few.o.conns)
	rows = append(rows, r)
	uncachedRSS := uncached.peakRSS()
	uncached.stop()

	var static row
	if _, err := exec.LookPath("nginx"); err == nil {
		static, err = w.nginx(articleBytes)
		if err != nil {
			return err
		}
		rows = append(rows, static)
	} else {
		rows = append(rows, row{name: "nginx static", note: "nginx not installed"})
	}

	fmt.Printf("\nKiosque load benchmark: %d articles, wrk -t%d -c%d -d%s, 127.0.0.1, %d cores\n\n", o.articles, o.threads, o.conns, o.duration, numCPU())
	fmt.Printf("| %-28s | %10s | %9s | %9s | %9s | %s\n", "scenario", "req/s", "p50", "p99", "CPU/req", "note")
	fmt.Printf("|%s|%s|%s|%s|%s|---\n", strings.Repeat("-", 30), strings.Repeat("-", 12), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 11))
	for _, r := range rows {
		fmt.Printf("| %-28s | %10.0f | %9s | %9s | %9s | %s\n", r.name, r.rps, r.p50, r.p99, r.cpuPerRequest(), r.note)
	}
	fmt.Printf("\npeak RSS: %d MiB with the page cache, %d MiB without\n", cachedRSS>>20, uncachedRSS>>20)
	if static.rps > 0 && rows[0].rps > 0 {
		fmt.Printf("cached article / nginx static, same bytes: %.2f (throughput)", rows[0].rps/static.rps)
		if rows[0].requests > 0 && static.requests > 0 && rows[0].cpu > 0 {
			per := func(r row) float64 { return float64(r.cpu) / float64(r.requests) }
			fmt.Printf(", %.2f (server CPU per request, nginx's / Kiosque's)", per(static)/per(rows[0]))
		}
		fmt.Println()
	}
	fmt.Printf("load average: %s at the start, %s at the end\n", loadAtStart, loadAverage())
	return nil
}

// generate fills a new SQLite database with n published articles made from
// the demo's texts, and returns their slugs, newest first.
func generate(ctx context.Context, path string, n int) ([]string, error) {
	now := time.Now()
	st, err := sqlite.Open(ctx, path, sqlite.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if _, err := demo.Load(ctx, st, now); err != nil {
		return nil, err
	}
	models, err := demo.Articles(now)
	if err != nil {
		return nil, err
	}
	var slugs []string
	for i := 0; len(slugs) < n; i++ {
		m := models[i%len(models)]
		src, err := st.ArticleByExternalID(ctx, m.ExternalID)
		if err != nil {
			return nil, err
		}
		if i < len(models) {
			if src.Status == article.Published {
				slugs = append(slugs, src.Slug)
			}
			continue
		}
		a := *src
		a.ID, a.Slug, a.ExternalID = 0, "", fmt.Sprintf("bench-%d", i)
		a.Title = fmt.Sprintf("%s (%d)", m.Title, i)
		a.Status = article.Published
		a.PublishedAt = now.Add(-time.Duration(i) * time.Minute)
		if err := st.CreateArticle(ctx, &a); err != nil {
			return nil, err
		}
		slugs = append(slugs, a.Slug)
	}
	// Search terms and "Lire aussi" for everything, as `kiosque reindex`.
	if err := (&related.Engine{Store: st}).Rebuild(ctx, nil); err != nil {
		return nil, err
	}
	return slugs, nil
}

func paths(slugs []string) []string {
	out := make([]string, len(slugs))
	for i, s := range slugs {
		out[i] = "/" + s + "/"
	}
	return out
}

func searchPaths() []string {
	var out []string
	for _, q := range []string{"asie", "ukraine", "climat", "gaz", "football", "intelligence artificielle", "élections", "kazakhstan", "banque centrale", "cinéma"} {
		out = append(out, "/search?q="+strings.ReplaceAll(q, " ", "+"))
	}
	return out
}

type server struct {
	cmd *exec.Cmd
	url string
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func startKiosque(ctx context.Context, bin, db, cacheMB string) (*server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	// --trust-proxy: the comment posts come from many X-Forwarded-For
	// addresses, as behind a load balancer.
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", addr, "--db", "sqlite:"+db, "--cache-mb", cacheMB, "--log-level", "warn", "--trust-proxy")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, url: "http://" + addr}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ok(s.url + "/healthz") {
			return s, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop()
	return nil, errors.New("kiosque did not start within 30 s")
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
	}
}

// peakRSS reads the process's high-water resident set size.
func (s *server) peakRSS() int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func ok(url string) bool {
	resp, err := http.Get(url)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func warm(base string, ps []string) {
	for _, p := range ps {
		ok(base + p)
	}
}

type row struct {
	name     string
	rps      float64
	p50, p99 string
	note     string
	requests int64
	cpu      time.Duration // the server's CPU time (user + system) during the run
}

// cpuPerRequest is the server's CPU time per answered request: unlike
// req/s, it hardly depends on what else loads the machine.
func (r row) cpuPerRequest() string {
	if r.requests == 0 || r.cpu == 0 {
		return ""
	}
	return fmt.Sprintf("%.0fµs", float64(r.cpu.Microseconds())/float64(r.requests))
}

type wrkRunner struct {
	dir string
	o   options
	// pids are the server's processes, whose CPU time each run measures.
	pids []int
}

// cpuTime sums the user and system CPU time of pids, from /proc.
func cpuTime(pids []int) time.Duration {
	var ticks int64
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// Fields after the command name, which is in parentheses.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 12 {
			u, _ := strconv.ParseInt(f[11], 10, 64)
			s, _ := strconv.ParseInt(f[12], 10, 64)
			ticks += u + s
		}
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ is 100 on Linux
}

// get runs wrk over GET requests spread at random over ps.
func (w wrkRunner) get(name, base string, ps []string) row {
	var b strings.Builder
	b.WriteString("local paths = {\n")
	for _, p := range ps {
		fmt.Fprintf(&b, "  %q,\n", p)
	}
	b.WriteString("}\nrequest = function()\n  return wrk.format(\"GET\", paths[math.random(#paths)])\nend\n")
	b.WriteString(summaryLua)
	return w.wrk(name, base, b.String())
}

// post runs wrk over comment submissions spread over the articles, each
// from its own client address (the server trusts X-Forwarded-For with
// --trust-proxy) and with the form token of the article's page, as a
// reader's browser sends it. A token is good once per address, and only
// spam.TokenMinAge after it was issued: post waits that long first.
func (w wrkRunner) post(name, base string, slugs []string) row {
	start := time.Now()
	var b strings.Builder
	b.WriteString("local posts = {\n")
	for _, s := range slugs {
		page, err := fetch(base + "/" + s + "/")
		if err != nil {
			return row{name: name, note: err.Error()}
		}
		m := reToken.FindSubmatch(page)
		if m == nil {
			return row{name: name, note: "no form token in /" + s + "/"}
		}
		fmt.Fprintf(&b, "  {%q, %q},\n", "/"+s+"/comments/", string(m[1]))
	}
	time.Sleep(time.Until(start.Add(spam.TokenMinAge + 500*time.Millisecond)))
	// Each wrk thread gets its own id, random seed and range of addresses
	// (10.<thread>.x.y), so no two posts send one token from one address.
	b.WriteString(`}
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)
  math.randomseed(id * 1000003 + os.time())
end
local n = 0
request = function()
  n = n + 1
  local p = posts[math.random(#posts)]
  local body = "name=Lecteur+" .. n .. "&email=lecteur" .. n .. "%40example.org&token=" .. p[2] .. "&text=Merci+pour+cet+article+tr%C3%A8s+clair+num%C3%A9ro+" .. n .. math.random(1000000)
  local client = "10." .. id .. "." .. (math.floor(n / 250) % 250) .. "." .. (n % 250)
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Forwarded-For"] = client}
  return wrk.format("POST", p[1], headers, body)
end
`)
	b.WriteString(summaryLua)
	return w.wrk(name, base, b.String())
}

var reToken = regexp.MustCompile(`name="token" value="([^"]+)"`)

// summaryLua makes wrk print the status counts we check.
const summaryLua = `
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
`

var (
	reRPS = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	reP50 = regexp.MustCompile(`\n\s+50%\s+(\S+)`)
	reP99 = regexp.MustCompile(`\n\s+99%\s+(\S+)`)
	reErr = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	reN   = regexp.MustCompile(`(\d+) requests in`)
)

func (w wrkRunner) wrk(name, base, script string) row {
	path := filepath.Join(w.dir, strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(name)+".lua")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		return row{name: name, note: err.Error()}
	}
	fmt.Fprintf(os.Stderr, "load: %s…\n", name)
	before := cpuTime(w.pids)
	out, err := exec.Command("wrk", "-t", strconv.Itoa(w.o.threads), "-c", strconv.Itoa(w.o.conns),
		"-d", w.o.duration.String(), "--latency", "--timeout", "5s", "-s", path, base).CombinedOutput()
	if err != nil {
		return row{name: name, note: fmt.Sprintf("wrk: %v: %s", err, out)}
	}
	r := parse(name, string(out))
	r.cpu = cpuTime(w.pids) - before
	return r
}

func parse(name, out string) row {
	r := row{name: name}
	if m := reRPS.FindStringSubmatch(out); m != nil {
		r.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := reP50.FindStringSubmatch(out); m != nil {
		r.p50 = m[1]
	}
	if m := reP99.FindStringSubmatch(out); m != nil {
		r.p99 = m[1]
	}
	if m := reErr.FindStringSubmatch(out); m != nil {
		r.note = m[1] + " non-2xx/3xx answers"
	}
	if m := reN.FindStringSubmatch(out); m != nil {
		r.requests, _ = strconv.ParseInt(m[1], 10, 64)
	}
	return r
}

func fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// nginx serves body, the bytes Kiosque serves for an article, as a static
// file and loads it the same way.
func (w wrkRunner) nginx(body []byte) (row, error) {
	root := filepath.Join(w.dir, "nginx")
	if err := os.MkdirAll(filepath.Join(root, "www"), 0o755); err != nil {
		return row{}, err
	}
	if err := os.WriteFile(filepath.Join(root, "www", "article.html"), body, 0o644); err != nil {
		return row{}, err
	}
	addr, err := freePort()
	if err != nil {
		return row{}, err
	}
	conf := fmt.Sprintf(`daemon off;
worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=100;
  client_body_temp_path %[1]s/tmp; proxy_temp_path %[1]s/tmp; fastcgi_temp_path %[1]s/tmp; uwsgi_temp_path %[1]s/tmp; scgi_temp_path %[1]s/tmp;
  server { listen %[2]s; root %[1]s/www; default_type text/html; }
}
`, root, addr)
	confPath := filepath.Join(root, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return row{}, err
	}
	cmd := exec.Command("nginx", "-c", confPath, "-p", root)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return row{}, err
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	url := "http://" + addr
	deadline := time.Now().Add(10 * time.Second)
	for !ok(url+"/article.html") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	w.pids = append([]int{cmd.Process.Pid}, children(cmd.Process.Pid)...)
	r := w.get("nginx static, same bytes", url, []string{"/article.html"})
	r.note = strings.TrimSpace(r.note + fmt.Sprintf(" %d bytes", len(body)))
	return r, nil
}

// loadAverage is the first three fields of /proc/loadavg: on a shared
// machine, read the table with it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// children returns the ids of pid's child processes (nginx's workers).
func children(pid int) []int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return nil
	}
	var out []int
	for _, f := range strings.Fields(string(b)) {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func numCPU() int {
	n := 0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		n = strings.Count(string(b), "processor\t:")
	}
	return n
}
