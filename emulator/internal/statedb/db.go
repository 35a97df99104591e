// Package statedb is the --state database: a SQLite file (WAL mode) of
// records, each a kind, an id and an encoded value, written in group
// commits. It knows nothing of what the records mean.
//
// A committed transaction survives the process being killed: WAL with
// synchronous=NORMAL writes the log before the commit returns and loses,
// at worst, commits after the last checkpoint on a power failure (not on a
// killed process).
package statedb

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver ("sqlite")
)

// Format is written in the meta table; a database with another is refused.
const Format = "plaid-emulator-state/2"

// ErrJSONState is Open's error for a state file written by a version of
// the emulator that kept its state as one JSON document.
var ErrJSONState = errors.New("it is a JSON state file from an older plaid-emulator; this version keeps state in a SQLite database. " +
	"Its contents cannot be carried over: move it away or delete it to start fresh")

// Record is one stored value. A nil Value deletes the record.
type Record struct {
	Kind, ID string
	Value    []byte
}

// DB is an open state database. Only the committer writes (Write is not
// safe for concurrent use); Each is for before the first Write.
type DB struct {
	sql     *sql.DB // the one writer
	ckpt    *sql.DB // checkpoints, beside the writer
	path    string
	ins     *sql.Stmt
	stop    chan struct{}
	stopped chan struct{}
	log     logIndex
}

// checkpointEvery is how often the log is copied into the database file,
// off the writer's path (so no commit waits for it). The WAL holds at most
// about this long's writes.
const checkpointEvery = 500 * time.Millisecond

// The records are an append-only log: a change is a row at its end, so a
// commit writes about as many pages as it has bytes, wherever its keys
// fall; rows a later one replaced are deleted in the background
// (cleaning, clean.go). The records view is the live state, for sqlite3 users.
const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS log (
	seq      INTEGER PRIMARY KEY,
	kind     TEXT NOT NULL,
	id       TEXT NOT NULL,
	value    BLOB,              -- NULL: the record was deleted
	deflated INTEGER NOT NULL   -- 1: value is DEFLATE-compressed
);
CREATE VIEW IF NOT EXISTS records AS
	SELECT kind, id, value, deflated FROM log AS l
	WHERE value IS NOT NULL AND seq = (SELECT max(seq) FROM log WHERE kind = l.kind AND id = l.id);`

// Open opens (or creates) the database at path. Its directory must exist.
// A file that is not a SQLite database of this Format is an error naming
// what it is, never a silent reset.
func Open(path string) (*DB, error) {
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("its directory %s does not exist", filepath.Dir(path))
	}
	if err := sniff(path); err != nil {
		return nil, err
	}
	dsn := func(pragmas ...string) string {
		q := url.Values{}
		for _, p := range append([]string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(5000)"}, pragmas...) {
			q.Add("_pragma", p)
		}
		return "file:" + path + "?" + q.Encode()
	}
	// The checkpointer copies the WAL into the file beside the writer; the
	// writer checkpoints only when the WAL passes 16 MiB (under writes that
	// never pause, the checkpointer cannot finish and the WAL would grow:
	// a big WAL is also slow to recover after a kill). It caches
	// 8 MiB of pages (more makes every commit's cache truncation slower).
	// Freed pages go back to the file system (incremental_vacuum after a
	// compaction), so the file is about the size of what it holds; the
	// log is cut back to 8 MiB whenever a checkpoint has emptied it.
	db, err := sql.Open("sqlite", dsn("auto_vacuum(INCREMENTAL)", "wal_autocheckpoint(4096)", "cache_size(-8192)", "journal_size_limit(8388608)"))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer; the emulator reads from memory
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("not a usable SQLite database: %w", err)
	}
	var format string
	switch err := db.QueryRow(`SELECT value FROM meta WHERE key = 'format'`).Scan(&format); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := db.Exec(`INSERT INTO meta (key, value) VALUES ('format', ?)`, Format); err != nil {
			db.Close()
			return nil, err
		}
	case err != nil:
		db.Close()
		return nil, err
	case format != Format:
		db.Close()
		return nil, fmt.Errorf("its format %q is not %q (written by an incompatible version)", format, Format)
	}
	ins, err := db.Prepare(`INSERT INTO log (seq, kind, id, value, deflated) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		db.Close()
		return nil, err
	}
	ckpt, err := sql.Open("sqlite", dsn("cache_size(-256)"))
	if err != nil {
		db.Close()
		return nil, err
	}
	ckpt.SetMaxOpenConns(1)
	d := &DB{sql: db, ckpt: ckpt, path: path, ins: ins, stop: make(chan struct{}), stopped: make(chan struct{})}
	if err := d.log.load(db); err != nil {
		d.closeAll()
		return nil, fmt.Errorf("corrupt: %w", err)
	}
	go d.checkpointer()
	return d, nil
}

func (db *DB) checkpointer() {
	defer close(db.stopped)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_, _ = db.ckpt.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		case <-db.stop:
			return
		}
	}
}

// sniff refuses a file that exists and is not SQLite, naming an old JSON
// state file as such.
func sniff(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil // empty: made by the user (touch) or cut short before the first page
	}
	if bytes.HasPrefix(head[:n], []byte("SQLite format 3\x00")) {
		return nil
	}
	if bytes.HasPrefix(bytes.TrimLeft(head[:n], " \t\r\n"), []byte("{")) {
		return ErrJSONState
	}
	return errors.New("it is not a SQLite database")
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close cleans the log, checkpoints it into the database file and
// closes it: a stopped emulator leaves one file holding only live records.
func (db *DB) Close() error {
	close(db.stop)
	<-db.stopped
	var err error
	for x := &db.log; err == nil && len(x.dead) > 0 && x.deadBytes > 0 && x.deadBytes*4 >= x.liveBytes; { // small logs too
		err = db.clean(cleanWindow)
	}
	db.closeAll()
	return err
}

func (db *DB) closeAll() {
	if db.ckpt != nil {
		db.ckpt.Close()
	}
	db.ins.Close()
	_, _ = db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	db.sql.Close()
}
