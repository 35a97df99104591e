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
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

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

// DB is an open state database.
type DB struct {
	sql  *sql.DB
	path string
}

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
	kind  TEXT NOT NULL,
	id    TEXT NOT NULL,
	value BLOB NOT NULL,
	PRIMARY KEY (kind, id)
) WITHOUT ROWID;`

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
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(5000)", "foreign_keys(OFF)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
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
	return &DB{sql: db, path: path}, nil
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

// Each calls fn for every record, in kind then id order.
func (db *DB) Each(fn func(kind, id string, value []byte) error) error {
	rows, err := db.sql.Query(`SELECT kind, id, value FROM records ORDER BY kind, id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, id string
		var v []byte
		if err := rows.Scan(&kind, &id, &v); err != nil {
			return err
		}
		if err := fn(kind, id, v); err != nil {
			return fmt.Errorf("%s %s: %w", kind, id, err)
		}
	}
	return rows.Err()
}

// Count is how many records there are (for logs and tests).
func (db *DB) Count() (int, error) {
	var n int
	err := db.sql.QueryRow(`SELECT count(*) FROM records`).Scan(&n)
	return n, err
}

// Write commits recs in one transaction; with clearKinds, every record of
// those kinds goes first ("*" clears all).
func (db *DB) Write(clearKinds []string, recs []Record) error {
	tx, err := db.sql.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	for _, k := range clearKinds {
		if k == "*" {
			_, err = tx.Exec(`DELETE FROM records`)
		} else {
			_, err = tx.Exec(`DELETE FROM records WHERE kind = ?`, k)
		}
		if err != nil {
			return err
		}
	}
	put, err := tx.Prepare(`INSERT INTO records (kind, id, value) VALUES (?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value`)
	if err != nil {
		return err
	}
	defer put.Close()
	del, err := tx.Prepare(`DELETE FROM records WHERE kind = ? AND id = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	for _, r := range recs {
		if r.Value == nil {
			_, err = del.Exec(r.Kind, r.ID)
		} else {
			_, err = put.Exec(r.Kind, r.ID, r.Value)
		}
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Close checkpoints the log into the database file and closes it.
func (db *DB) Close() error {
	_, _ = db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return db.sql.Close()
}
