package cluster_test

import (
	"context"
	"database/sql"
	"log/slog"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

func TestLocal(t *testing.T) {
	var l cluster.Local
	var got []cluster.Event
	l.Subscribe(func(e cluster.Event) { got = append(got, e) })
	l.Publish(context.Background(), cluster.Event{Kind: "article", Tags: []string{"article:1"}})
	if len(got) != 1 || got[0].Tags[0] != "article:1" {
		t.Errorf("got %+v", got)
	}
}

func openDB(t *testing.T, dsn string) *sql.DB {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func TestPostgresAcrossNodes(t *testing.T) {
	dsn := storetest.PostgresDatabaseURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logger := slog.New(slog.DiscardHandler)
	a := cluster.NewPostgres(openDB(t, dsn), dsn, logger)
	b := cluster.NewPostgres(openDB(t, dsn), dsn, logger)
	reconnected := make(chan struct{}, 1)
	b.OnReconnect = func() { reconnected <- struct{}{} }
	gotA, gotB := make(chan cluster.Event, 10), make(chan cluster.Event, 10)
	a.Subscribe(func(e cluster.Event) { gotA <- e })
	b.Subscribe(func(e cluster.Event) { gotB <- e })
	go a.Run(ctx)
	go b.Run(ctx)
	wait(t, a.Ready(), "A listening")
	wait(t, b.Ready(), "B listening")

	if err := a.Publish(ctx, cluster.Event{Kind: "article", Tags: []string{"article:7", "lists"}}); err != nil {
		t.Fatal(err)
	}
	if e := wait(t, gotA, "local delivery"); e.Tags[0] != "article:7" {
		t.Errorf("A got %+v", e)
	}
	if e := wait(t, gotB, "remote delivery"); e.Tags[1] != "lists" || e.Node != a.Node() {
		t.Errorf("B got %+v", e)
	}
	select {
	case e := <-gotA:
		t.Errorf("A got its own event twice: %+v", e)
	default:
	}

	// Kill B's listening connection: B must reconnect and say so.
	admin := openDB(t, dsn)
	if _, err := admin.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	wait(t, reconnected, "B reconnecting")
	a.Publish(ctx, cluster.Event{Kind: "settings", All: true})
	for {
		if e := wait(t, gotB, "delivery after reconnect"); e.All {
			break
		}
	}
}

func TestAdvisoryLockElectsOne(t *testing.T) {
	dsn := storetest.PostgresDatabaseURL(t)
	ctx := context.Background()
	a := cluster.NewAdvisoryLock(openDB(t, dsn), "jobs")
	b := cluster.NewAdvisoryLock(openDB(t, dsn), "jobs")
	if !a.Leader(ctx) || b.Leader(ctx) {
		t.Fatal("want A leader, B not")
	}
	if !a.Leader(ctx) {
		t.Fatal("A must keep its leadership")
	}
	a.Release()
	if !b.Leader(ctx) || a.Leader(ctx) {
		t.Fatal("after A released, B must lead")
	}
}
