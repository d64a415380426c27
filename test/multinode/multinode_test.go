// Package multinode runs several real kiosque processes on one PostgreSQL
// database and checks what a site behind a load balancer relies on: a
// change made through any node shows on every other node at once (the
// page caches are purged through LISTEN/NOTIFY), and periodic jobs run once.
package multinode

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var kiosqueBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kiosque-multinode-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kiosqueBin = filepath.Join(dir, "kiosque")
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	build := exec.Command("go", "build", "-o", kiosqueBin, "./cmd/kiosque")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// node is one kiosque serve process.
type node struct {
	cmd *exec.Cmd
	url string
}

func startNode(t *testing.T, dsn string, flags ...string) *node {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--publish-every", "200ms", "--log-level", "error", "--trust-proxy"}, flags...)
	cmd := exec.Command(kiosqueBin, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &node{cmd: cmd}
	t.Cleanup(func() { n.kill() })
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Kiosque is ready: "); ok {
				ready <- strings.TrimSuffix(u, "/")
			}
		}
	}()
	select {
	case n.url = <-ready:
	case <-time.After(30 * time.Second):
		t.Fatal("node did not start within 30 s")
	}
	return n
}

func (n *node) kill() {
	if n.cmd.ProcessState == nil {
		n.cmd.Process.Kill()
		n.cmd.Wait()
	}
}

// editor is a logged-in newsroom session on one node.
type editor struct {
	c    *http.Client
	base string
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *editor) csrf(t *testing.T, path string) string {
	t.Helper()
	body, code := get(t, e.c, e.base+path)
	m := csrfRe.FindStringSubmatch(body)
	if code != 200 || m == nil {
		t.Fatalf("GET %s: %d, no CSRF token", path, code)
	}
	return m[1]
}

func (e *editor) post(t *testing.T, path string, form url.Values) *http.Response {
	t.Helper()
	form.Set("csrf", e.csrf(t, path))
	resp, err := e.c.PostForm(e.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func login(t *testing.T, base, email, password string) *editor {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	e := &editor{c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: base}
	resp := e.post(t, "/admin/login", url.Values{"email": {email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login on %s: %d", base, resp.StatusCode)
	}
	return e
}

func get(t *testing.T, c *http.Client, u string) (string, int) {
	t.Helper()
	resp, body := getResp(t, c, u)
	return body, resp.StatusCode
}

func getResp(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, c, req)
}

// do sends req and reads the whole answer.
func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// newSite opens the database at dsn, adds a category and the editor
// chef@example.org (through the kiosque command, as an operator would).
func newSite(t *testing.T, dsn, category string) (*postgres.Store, article.Category) {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat := article.Category{Name: category}
	if err := st.SaveCategory(ctx, &cat); err != nil {
		t.Fatal(err)
	}
	add := exec.Command(kiosqueBin, "user", "add", "--db", dsn, "--email", "chef@example.org", "--name", "Cheffe", "--role", "admin")
	add.Stdin = strings.NewReader("un mot de passe solide 42\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	return st, cat
}

// waitFor polls url on a node until its page contains want, and returns how
// long that took.
func waitFor(t *testing.T, u, want string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if body, code := get(t, http.DefaultClient, u); code == 200 && strings.Contains(body, want) {
			return time.Since(start)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("%s never showed %q", u, want)
		}
		time.Sleep(2 * time.Millisecond) // polling with a deadline
	}
}

func TestSeveralNodes(t *testing.T) {
	dsn := storetest.PostgresDatabaseURL(t)
	ctx := context.Background()
	st, cat := newSite(t, dsn, "International")

	nodes := []*node{startNode(t, dsn), startNode(t, dsn), startNode(t, dsn)}
	a, b, c := nodes[0], nodes[1], nodes[2]
	ed := login(t, a.url, "chef@example.org", "un mot de passe solide 42")

	// Publish on A; B and C show it.
	form := url.Values{"title": {"Première édition"}, "lead": {"Chapô."}, "body": {"Un.\n\nDeux."}, "lang": {"fr"},
		"category": {fmt.Sprint(cat.ID)}, "action": {"publish"}}
	resp := ed.post(t, "/admin/articles/new", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/admin/articles/") {
		t.Fatalf("publish on A: %d %q", resp.StatusCode, loc)
	}
	editPath := strings.TrimPrefix(loc, a.url)
	list, _, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 1})
	if err != nil || len(list) != 1 {
		t.Fatalf("stored: %v %v", list, err)
	}
	page := "/" + list[0].Slug + "/"
	for _, n := range []*node{b, c} {
		waitFor(t, n.url+page, "Première édition")
		waitFor(t, n.url+"/", "Première édition") // and their (cached) home pages
	}

	// Edit on A again and again: how long until B serves the new page
	// from its purged cache?
	var lags []time.Duration
	for i := 1; i <= 20; i++ {
		waitFor(t, b.url+page, "dition") // B has the page cached
		title := fmt.Sprintf("Édition numéro %d", i)
		form.Set("title", title)
		form.Set("slug", list[0].Slug)
		if resp := ed.post(t, editPath, form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit %d on A: %d", i, resp.StatusCode)
		}
		lags = append(lags, waitFor(t, b.url+page, title))
	}
	slices.Sort(lags)
	t.Logf("edit on node A → fresh page on node B, %d edits: p50 %v, p99 %v, max %v",
		len(lags), lags[len(lags)/2], lags[len(lags)*99/100], lags[len(lags)-1])

	readAlsoFresh(t, ctx, st, ed, b, cat)

	// A scheduled article is published once, by one node, on time.
	due := &article.Article{Title: "Programmé pour bientôt", Lang: "fr", Status: article.Scheduled,
		PublishedAt: time.Now().Add(500 * time.Millisecond), Category: &cat}
	if err := st.CreateArticle(ctx, due); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c.url+"/"+due.Slug+"/", "Programmé pour bientôt")
	// The node that published writes the audit entry just after the page
	// shows: wait for it, then count.
	publications := 0
	for deadline := time.Now().Add(10 * time.Second); publications == 0 && time.Now().Before(deadline); {
		entries, _, err := st.ListAudit(ctx, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Action == "article.publish" && e.Target == fmt.Sprintf("article:%d", due.ID) {
				publications++
			}
		}
		if publications == 0 {
			time.Sleep(20 * time.Millisecond) // polling with a deadline
		}
	}
	if publications != 1 {
		t.Errorf("the scheduled article was published %d times, want once", publications)
	}

	// Readers comment on every node while node B is killed mid-way: every
	// comment a node acknowledged (303) is in the database.
	commentLoad(t, ctx, st, nodes, page)

	// B is dead now: A and C keep serving, and a change made on C reaches A.
	edC := login(t, c.url, "chef@example.org", "un mot de passe solide 42")
	form.Set("title", "Après la panne de B")
	if resp := edC.post(t, editPath, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit on C: %d", resp.StatusCode)
	}
	waitFor(t, a.url+page, "Après la panne de B")
}

// readAlsoFresh publishes on A an article close to one that node B has
// cached: B's page of the older article shows the new one in its "Lire
// aussi" box at once, not when the cache entry ages out (5 minutes).
func readAlsoFresh(t *testing.T, ctx context.Context, st *postgres.Store, ed *editor, b *node, cat article.Category) {
	publish := func(title, body string) *article.Article {
		t.Helper()
		form := url.Values{"title": {title}, "lead": {"Les vendanges en Bourgogne."}, "body": {body}, "lang": {"fr"},
			"category": {fmt.Sprint(cat.ID)}, "action": {"publish"}}
		if resp := ed.post(t, "/admin/articles/new", form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish %q on A: %d", title, resp.StatusCode)
		}
		list, _, err := st.ListArticles(ctx, store.ArticleFilter{TitleLike: title, Limit: 1})
		if err != nil || len(list) != 1 {
			t.Fatalf("stored %q: %v %v", title, list, err)
		}
		return &list[0]
	}
	text := "Les vignerons de Bourgogne commencent les vendanges du pinot noir et du chardonnay. " +
		"Les raisins des coteaux de Beaune et de Nuits sont mûrs ; les vignerons parlent d’un millésime rare."
	older := publish("Les vendanges commencent en Bourgogne", text)
	page := b.url + "/" + older.Slug + "/"
	waitFor(t, page, "Les vendanges commencent en Bourgogne") // cached on B
	if body, _ := get(t, http.DefaultClient, page); strings.Contains(body, "Vendanges tardives") {
		t.Fatal("the newer article shows before it is published")
	}
	// The same subject, another story: a near-duplicate would never be
	// proposed (related.Params.NearDuplicate).
	publish("Vendanges tardives sur les coteaux de Beaune", "Sur les coteaux de Beaune, quelques vignerons de Bourgogne "+
		"laissent le chardonnay sur pied jusqu’en novembre. Ces vendanges tardives, rares en Bourgogne, donnent des vins doux "+
		"que les caves de Nuits vendent en petites bouteilles ; le pinot noir, lui, est rentré depuis longtemps.")
	lag := waitFor(t, page, "Vendanges tardives sur les coteaux de Beaune")
	t.Logf("publish on node A → the neighbour's \"Lire aussi\" box fresh on node B: %v", lag)
}

var tokenRe = regexp.MustCompile(`name="token" value="([^"]+)"`)

// commentLoad posts comments to the article page through all nodes, kills
// node B after a third of them, checks every acknowledged comment is
// stored, then approves one through node C's newsroom and sees it on A.
func commentLoad(t *testing.T, ctx context.Context, st *postgres.Store, nodes []*node, page string) {
	tokens := map[*node]string{}
	for _, n := range nodes {
		body, _ := get(t, http.DefaultClient, n.url+page)
		m := tokenRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no comment form token on %s", n.url)
		}
		tokens[n] = m[1]
	}
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	acked := map[string]bool{} // e-mail → acknowledged
	const total = 60
	for i := 0; i < total; i++ {
		if i == total/3 {
			nodes[1].cmd.Process.Kill() // SIGKILL, mid-load
			nodes[1].cmd.Wait()
		}
		n := nodes[i%len(nodes)]
		email := fmt.Sprintf("lecteur%d@example.org", i)
		form := url.Values{"name": {fmt.Sprintf("Lecteur %d", i)}, "email": {email},
			"text": {fmt.Sprintf("Merci pour ce suivi, message numéro %d.", i)}, "token": {tokens[n]}}
		req, _ := http.NewRequest("POST", n.url+page+"comments/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i+1))
		resp, err := client.Do(req)
		if err != nil {
			continue // node B is gone: not acknowledged
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusSeeOther {
			acked[email] = true
		}
	}
	if len(acked) < total/2 {
		t.Fatalf("only %d of %d comments acknowledged", len(acked), total)
	}
	var pending *comment.Comment
	for email := range acked {
		list, err := st.CommentsByEmail(ctx, email)
		if err != nil || len(list) != 1 {
			t.Fatalf("acknowledged comment of %s: %d stored (%v)", email, len(list), err)
		}
		if list[0].State == comment.Pending && pending == nil {
			pending = &list[0]
		}
	}
	t.Logf("%d of %d comments acknowledged with node B killed after %d, all stored", len(acked), total, total/3)
	if pending == nil {
		return // every comment was published at once: nothing to approve
	}
	ed := login(t, nodes[2].url, "chef@example.org", "un mot de passe solide 42")
	if resp := ed.post(t, "/admin/comments/", url.Values{"action": {"approve"}, "ids": {fmt.Sprint(pending.ID)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve on C: %d", resp.StatusCode)
	}
	waitFor(t, nodes[0].url+page, fmt.Sprintf("message numéro %s", strings.TrimSuffix(strings.TrimPrefix(pending.Text, "Merci pour ce suivi, message numéro "), ".")))
}

// TestCommandReachesNodes: articles brought by `kiosque import jsonl`, a
// separate process, show at once on the home page a node has cached, not
// when the cache entry ages out (5 minutes).
func TestCommandReachesNodes(t *testing.T) {
	dsn := storetest.PostgresDatabaseURL(t)
	newSite(t, dsn, "International")
	n := startNode(t, dsn)
	home, _ := get(t, http.DefaultClient, n.url+"/")
	if again, _ := get(t, http.DefaultClient, n.url+"/"); again != home {
		t.Fatal("the home page changed between two reads")
	}
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	line := fmt.Sprintf(`{"id":"depeche-1","lang":"fr","title":"Arrivée par l'import","body":"Un texte importé.","category":"International","published":%q}`,
		time.Now().Add(-time.Minute).UTC().Format(time.RFC3339))
	if err := os.WriteFile(file, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	imp := exec.Command(kiosqueBin, "import", "jsonl", "--db", dsn, "--log-level", "error", file)
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import jsonl: %v\n%s", err, out)
	}
	waitFor(t, n.url+"/", "Arrivée par l")
}

// TestTokenSpentOnEveryNode: the comment form token a reader spent on node
// A counts as spent on node B (the filter's memories are in the database),
// so a replay through another node is caught as one.
func TestTokenSpentOnEveryNode(t *testing.T) {
	dsn := storetest.PostgresDatabaseURL(t)
	ctx := context.Background()
	st, cat := newSite(t, dsn, "International")
	a := &article.Article{Title: "Un article à commenter", Lang: "fr", Status: article.Published,
		PublishedAt: time.Now().Add(-time.Hour), Category: &cat, Body: "Un texte."}
	if err := st.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	nodeA, nodeB := startNode(t, dsn), startNode(t, dsn)
	page := "/" + a.Slug + "/"
	body, _ := get(t, http.DefaultClient, nodeA.url+page)
	m := tokenRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no comment form token")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(n *node, email, text string) {
		t.Helper()
		form := url.Values{"name": {"Lecteur"}, "email": {email}, "text": {text}, "token": {m[1]}}
		req, _ := http.NewRequest("POST", n.url+page+"comments/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36")
		req.Header.Set("X-Forwarded-For", "198.51.100.7")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post(nodeA, "premier@example.org", "Merci pour cet article très clair.")
	post(nodeB, "second@example.org", "Un autre message envoyé avec le même jeton.")
	first, err := st.CommentsByEmail(ctx, "premier@example.org")
	if err != nil || len(first) != 1 {
		t.Fatalf("first comment: %d stored (%v)", len(first), err)
	}
	second, err := st.CommentsByEmail(ctx, "second@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if len(second) == 0 {
		return // discarded as a bot's: caught
	}
	for _, r := range second[0].SpamReasons {
		if r.Key == "spam.reason.token_replayed" {
			return
		}
	}
	t.Errorf("the token spent on node A was taken on node B: %+v", second[0])
}
