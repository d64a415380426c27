package multinode

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// pgServer is a PostgreSQL server of the test's own, which it can stop and
// start again (the suite's shared server cannot be stopped).
type pgServer struct {
	bin, dir string
	port     int
	as       []string // runs a command as the server's user
}

// startPostgres initdb's a server in a temporary directory and starts it on
// a free loopback port, as scripts/test does: as the postgres user when the
// test runs as root, since PostgreSQL refuses to run as root.
func startPostgres(t *testing.T) *pgServer {
	t.Helper()
	if os.Getenv(storetest.PostgresEnv) == "" && os.Getenv("CI") != "true" {
		t.Skipf("PostgreSQL tests skipped: run scripts/test (set %s)", storetest.PostgresEnv)
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("no PostgreSQL server binaries (apt-get install postgresql)")
		}
		t.Skip("no PostgreSQL server binaries (apt-get install postgresql)")
	}
	sort.Strings(bins)
	p := &pgServer{bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "kiosque-outage-pg-")
	if err != nil {
		t.Fatal(err)
	}
	p.dir = dir
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user to run the server")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		p.as = []string{"runuser", "-u", "postgres", "--"}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	p.run(t, "initdb", "--no-sync", "-D", filepath.Join(dir, "data"), "-U", "kiosque", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
	p.start(t)
	t.Cleanup(func() { p.stop(t) })
	return p
}

func (p *pgServer) url() string {
	return fmt.Sprintf("postgres://kiosque@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

func (p *pgServer) run(t *testing.T, prog string, args ...string) {
	t.Helper()
	argv := append(append(p.as[:len(p.as):len(p.as)], filepath.Join(p.bin, prog)), args...)
	if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", prog, err, out)
	}
}

func (p *pgServer) start(t *testing.T) {
	t.Helper()
	p.run(t, "pg_ctl", "-D", filepath.Join(p.dir, "data"), "-l", filepath.Join(p.dir, "server.log"), "-w", "-t", "60",
		"-o", fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off", p.port, p.dir), "start")
}

// stop stops the server at once, as a crash or a cut cable would: clients
// see their connections drop.
func (p *pgServer) stop(t *testing.T) {
	t.Helper()
	argv := append(p.as[:len(p.as):len(p.as)], filepath.Join(p.bin, "pg_ctl"), "-D", filepath.Join(p.dir, "data"), "-m", "immediate", "-w", "stop")
	exec.Command(argv[0], argv[1:]...).Run() // already stopped is fine
}

// TestDatabaseLost stops PostgreSQL under two running nodes: cached pages
// still answer, writes and uncached pages answer a localized 503 with
// Retry-After (and the comment form gives back what the reader typed),
// /healthz says the database is down; once PostgreSQL is back the nodes
// recover by themselves, and a change on one shows on the other.
func TestDatabaseLost(t *testing.T) {
	pg := startPostgres(t)
	dsn := pg.url()
	ctx := context.Background()
	st, cat := newSite(t, dsn, "Société")
	a := &article.Article{Title: "Pendant la panne", Lead: "Chapô.", Body: "Un texte.", Lang: "fr",
		Status: article.Published, PublishedAt: time.Now().Add(-time.Hour), Category: &cat}
	if err := st.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(kiosqueBin, "apikey", "add", "--db", dsn, "agence").Output()
	if err != nil {
		t.Fatalf("apikey add: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	apiKey := lines[len(lines)-1]
	nodeA, nodeB := startNode(t, dsn, "--db-statement-timeout", "2s"), startNode(t, dsn)
	page := "/" + a.Slug + "/"
	ed := login(t, nodeA.url, "chef@example.org", "un mot de passe solide 42")
	body, _ := get(t, http.DefaultClient, nodeA.url+page) // cached now, on A…
	waitFor(t, nodeB.url+page, "Pendant la panne")        // …and on B
	token := tokenRe.FindStringSubmatch(body)
	if token == nil {
		t.Fatal("no comment form token")
	}
	editPath := fmt.Sprintf("/admin/articles/%d", a.ID)
	csrf := ed.csrf(t, editPath)

	pg.stop(t)
	stopped := time.Now()

	// Cached pages answer.
	for _, n := range []*node{nodeA, nodeB} {
		if body, code := get(t, http.DefaultClient, n.url+page); code != 200 || !strings.Contains(body, "Pendant la panne") {
			t.Errorf("cached page on %s with the database down: %d", n.url, code)
		}
	}
	// A comment is refused with 503, in French, and given back.
	typed := "Mon commentaire écrit pendant la panne, à ne pas perdre."
	comment := url.Values{"name": {"Lectrice"}, "email": {"lectrice@example.org"}, "text": {typed}, "token": {token[1]}}
	resp, body := postForm(t, nodeA.url+page+"comments/", comment)
	checkUnavailable(t, "comment POST", resp, body, "base de données")
	if !strings.Contains(body, "Mon commentaire écrit pendant la panne, à ne pas perdre.") || !strings.Contains(body, token[1]) {
		t.Errorf("the 503 page does not give back what the reader typed:\n%s", body)
	}
	// Uncached pages: 503, not 500, no database error shown.
	for _, path := range []string{"/category/" + cat.Slug + "/", "/search?q=panne"} {
		resp, body := getResp(t, http.DefaultClient, nodeA.url+path)
		checkUnavailable(t, "GET "+path, resp, body, "base de données")
	}
	// The newsroom: an edit is refused with 503 and offered again.
	form := url.Values{"csrf": {csrf}, "title": {"Après la panne"}, "lead": {"Chapô."}, "body": {"Un texte."}, "lang": {"fr"},
		"category": {fmt.Sprint(cat.ID)}, "slug": {a.Slug}, "action": {"publish"}}
	resp, body = postFormWith(t, ed.c, nodeA.url+editPath, form)
	checkUnavailable(t, "newsroom save", resp, body, "Rien n’a été enregistré")
	if !strings.Contains(body, `value="Après la panne"`) {
		t.Errorf("the newsroom's 503 page does not offer the form again:\n%s", body)
	}
	// Login: 503, and a password is never shown back.
	resp, body = postForm(t, nodeA.url+"/admin/login", url.Values{"csrf": {csrf}, "email": {"chef@example.org"}, "password": {"un mot de passe solide 42"}})
	checkUnavailable(t, "login", resp, body, "Base de données injoignable")
	if strings.Contains(body, "un mot de passe solide") || strings.Contains(body, "Renvoyer le formulaire") {
		t.Errorf("the login's 503 page offers the form again:\n%s", body)
	}
	// The API: 503 in JSON, in the site's language.
	req, _ := http.NewRequest("POST", nodeA.url+"/api/v1/articles", strings.NewReader(`{"title":"Dépêche","body":"Texte.","lang":"fr"}`))
	req.Header.Set("Authorization", "Bearer "+apiKey)
	req.Header.Set("Content-Type", "application/json")
	resp, body = do(t, http.DefaultClient, req)
	checkUnavailable(t, "API write", resp, body, "momentanément injoignable")
	// The health check takes the node out of a load balancer.
	if resp, body := getResp(t, http.DefaultClient, nodeA.url+"/healthz"); resp.StatusCode != 503 || !strings.Contains(body, "database unavailable") {
		t.Errorf("/healthz with the database down: %d %q", resp.StatusCode, body)
	}
	t.Logf("database down: checks took %v", time.Since(stopped).Round(time.Millisecond))

	pg.start(t)
	back := time.Now()
	// The comment goes through as soon as the node reconnects, with the
	// same token: nothing the reader did is lost.
	noRedirect := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for {
		resp, body := postFormWith(t, noRedirect, nodeA.url+page+"comments/", comment)
		if resp.StatusCode == http.StatusSeeOther {
			break
		}
		if resp.StatusCode != http.StatusServiceUnavailable || time.Since(back) > 30*time.Second {
			t.Fatalf("comment after PostgreSQL came back (%v): %d\n%s", time.Since(back), resp.StatusCode, body)
		}
		time.Sleep(20 * time.Millisecond) // polling with a deadline
	}
	recovered := time.Since(back)
	// The edit offered on the 503 page goes through, and node B, whose
	// event listener reconnected, shows it.
	for {
		resp, body = postFormWith(t, ed.c, nodeA.url+editPath, form)
		if resp.StatusCode == http.StatusSeeOther {
			break
		}
		if time.Since(back) > 30*time.Second {
			t.Fatalf("newsroom save after PostgreSQL came back: %d\n%s", resp.StatusCode, body)
		}
		time.Sleep(20 * time.Millisecond) // polling with a deadline
	}
	waitFor(t, nodeB.url+page, "Après la panne")
	if resp, _ := getResp(t, http.DefaultClient, nodeB.url+"/healthz"); resp.StatusCode != 200 {
		t.Errorf("/healthz on B after recovery: %d", resp.StatusCode)
	}
	t.Logf("PostgreSQL back: a comment accepted after %v, an edit on A fresh on B after %v",
		recovered.Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
}

// checkUnavailable checks a 503 answer: Retry-After, the French message,
// no English and no database error text.
func checkUnavailable(t *testing.T, what string, resp *http.Response, body, want string) {
	t.Helper()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("%s with the database down: %d, Retry-After %q, want 503 with Retry-After", what, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, want) {
		t.Errorf("%s: the page does not say %q:\n%s", what, want, body)
	}
	for _, leak := range []string{"database unavailable", "connection refused", "dial", "pgconn", "SQLSTATE", "Try again", "Server error"} {
		if strings.Contains(body, leak) {
			t.Errorf("%s: the page shows %q", what, leak)
		}
	}
}

func postForm(t *testing.T, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	return postFormWith(t, &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, u, form)
}

func postFormWith(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36")
	return do(t, c, req)
}
