package statedb

import (
	"context"
	"slices"
)

// Cleaning the log: the oldest rows are read a window at a time, the live
// ones among them copied to the end, and the window deleted whole, so the
// pages it held are freed (deleting dead rows one by one would leave every
// page part-used). It runs a window per commit while replaced rows hold
// more than a quarter of the live bytes, when the committer is idle, and
// to the end at Close.

const (
	cleanWindow   = 2000    // rows read a step
	cleanMinBytes = 1 << 20 // dead bytes below which the log is left alone
)

func (db *DB) cleaningDue() bool {
	x := &db.log
	return len(x.dead) > 0 && x.deadBytes >= cleanMinBytes && x.deadBytes*4 >= x.liveBytes
}

// Dirty says whether the log holds replaced rows (a clean would free space).
func (db *DB) Dirty() bool { return len(db.log.dead) > 0 }

// clean cleans the oldest n rows (n < 0: the whole log), then gives the
// freed pages back to the file system.
func (db *DB) clean(n int) error {
	x := &db.log
	if len(x.dead) == 0 {
		return nil
	}
	tx, err := db.sql.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q := `SELECT seq, kind, id, value, deflated FROM log ORDER BY seq`
	args := []any{}
	if n >= 0 {
		q += ` LIMIT ?`
		args = append(args, n)
	}
	rows, err := tx.Query(q, args...)
	if err != nil {
		return err
	}
	type moved struct {
		k    Key
		v    []byte
		def  bool
		size int64
	}
	var move []moved
	end := int64(0) // the window is every seq up to end
	for rows.Next() {
		var seq int64
		var m moved
		if err := rows.Scan(&seq, &m.k.Kind, &m.k.ID, &m.v, &m.def); err != nil {
			rows.Close()
			return err
		}
		end = seq
		if l, ok := x.live[m.k]; ok && l.seq == seq {
			m.size = l.size
			move = append(move, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM log WHERE seq <= ?`, end); err != nil {
		return err
	}
	ins := tx.Stmt(db.ins)
	seq := x.next
	for _, m := range move {
		if _, err := ins.Exec(seq, m.k.Kind, m.k.ID, m.v, m.def); err != nil {
			return err
		}
		seq++
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	seq = x.next
	for _, m := range move {
		x.live[m.k] = live{seq, m.size}
		seq++
	}
	x.next = seq
	x.dead = slices.DeleteFunc(x.dead, func(d deadRow) bool {
		if d.seq <= end {
			x.deadBytes -= d.size
			return true
		}
		return false
	})
	_, err = db.sql.Exec(`PRAGMA incremental_vacuum`)
	return err
}

// Tidy is what an idle committer does: a window of cleaning while any is
// due, else, once the log is clean, the WAL folded into the file and cut.
// It reports whether there is more to do.
func (db *DB) Tidy() (more bool, err error) {
	if db.cleaningDue() {
		return true, db.clean(cleanWindow)
	}
	_, err = db.sql.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return false, err
}
