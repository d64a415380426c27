package cluster

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the LISTEN/NOTIFY channel Kiosque nodes share.
const Channel = "kiosque_events"

// maxPayload is PostgreSQL's NOTIFY payload limit (8000 bytes) with room.
const maxPayload = 7900

// maxBackoff bounds the wait between two attempts to listen again: once
// PostgreSQL is back, a node's cache is purged and its events flow again
// within this time. An attempt on a server that is down costs little.
const maxBackoff = 2 * time.Second

// Postgres is the bus of a node sharing a PostgreSQL database with others.
// It keeps one dedicated connection that LISTENs; when that connection is
// lost it reconnects and calls OnReconnect, since events may have been
// missed meanwhile (the page cache empties itself then).
type Postgres struct {
	Local
	db     *sql.DB
	dsn    string
	node   string
	logger *slog.Logger
	// OnReconnect runs after the listening connection came back.
	OnReconnect func()
	ready       chan struct{}
}

// NewPostgres returns a bus on the database at dsn, publishing through the
// pool db; call Run to listen.
func NewPostgres(db *sql.DB, dsn string, logger *slog.Logger) *Postgres {
	var id [6]byte
	_, _ = rand.Read(id[:]) // crypto/rand does not fail on supported systems
	return &Postgres{db: db, dsn: dsn, node: hex.EncodeToString(id[:]), logger: logger.With("component", "cluster"), ready: make(chan struct{})}
}

// Node is this node's random id.
func (p *Postgres) Node() string { return p.node }

// Ready is closed once the bus listens for the first time.
func (p *Postgres) Ready() <-chan struct{} { return p.ready }

// Publish implements Bus: local subscribers at once, then NOTIFY.
func (p *Postgres) Publish(ctx context.Context, e Event) error {
	e.Node = p.node
	p.deliver(e)
	payload, err := encode(e)
	if err != nil {
		return err
	}
	if len(payload) > maxPayload {
		// Too many tags for one notification: the other nodes purge all.
		payload, _ = encode(Event{Kind: e.Kind, All: true, Node: p.node})
	}
	if _, err := p.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, payload); err != nil {
		return fmt.Errorf("cluster: publish %s: %w", e.Kind, err)
	}
	return nil
}

// Run listens until ctx ends, reconnecting with a backoff when the
// connection drops.
func (p *Postgres) Run(ctx context.Context) {
	first := true
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := p.listen(ctx, func() {
			if first {
				close(p.ready)
				first = false
			} else {
				p.logger.Info("event listener reconnected; purging what may have been missed")
				if p.OnReconnect != nil {
					p.OnReconnect()
				}
			}
			backoff = 100 * time.Millisecond
		})
		if ctx.Err() != nil {
			return
		}
		p.logger.Warn("event listener lost its connection", "error", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

func (p *Postgres) listen(ctx context.Context, connected func()) error {
	conn, err := pgx.Connect(ctx, p.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	connected()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		e, err := decode(n.Payload)
		if err != nil {
			p.logger.Warn("undecodable event", "error", err)
			continue
		}
		if e.Node == p.node {
			continue // delivered locally when published
		}
		p.deliver(e)
	}
}
