package statedb

import (
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"database/sql"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
)

// The log's index, in memory: the live row of every record, and the rows
// that later ones replaced (dead), which compaction deletes.

type live struct {
	seq  int64
	size int64
}

type deadRow struct{ seq, size int64 }

type logIndex struct {
	next      int64 // the seq of the next row
	live      map[Key]live
	dead      []deadRow // replaced rows and deletions
	liveBytes int64
	deadBytes int64
}

// load builds the index from the log.
func (x *logIndex) load(db *sql.DB) error {
	x.live, x.dead, x.next = map[Key]live{}, nil, 1
	rows, err := db.Query(`SELECT seq, kind, id, coalesce(length(value), -1) FROM log ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq, size int64
		var k Key
		if err := rows.Scan(&seq, &k.Kind, &k.ID, &size); err != nil {
			return err
		}
		x.note(k, seq, size)
		x.next = seq + 1
	}
	return rows.Err()
}

// note records that row seq (size < 0: a deletion) is now k's.
func (x *logIndex) note(k Key, seq, size int64) {
	if prev, ok := x.live[k]; ok {
		x.dead = append(x.dead, deadRow{prev.seq, prev.size})
		x.deadBytes += prev.size
		x.liveBytes -= prev.size
	}
	if size < 0 {
		delete(x.live, k)
		x.dead = append(x.dead, deadRow{seq, 0}) // a deletion is dead once what it deleted is gone
		return
	}
	x.live[k] = live{seq, size}
	x.liveBytes += size
}

// Each calls fn for every live record, on as many goroutines as there
// are processors (fn must be safe for that), decompressing on them too.
// It stops at the first error. Call it before the first Write.
func (db *DB) Each(fn func(kind, id string, value []byte) error) error {
	rows, err := db.sql.Query(`SELECT seq, kind, id, value, deflated FROM log WHERE value IS NOT NULL ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	type rec struct {
		k        Key
		v        []byte
		deflated bool
	}
	return Parallel(func(yield func(rec) bool) error {
		for rows.Next() {
			var seq int64
			var r rec
			if err := rows.Scan(&seq, &r.k.Kind, &r.k.ID, &r.v, &r.deflated); err != nil {
				return err
			}
			if db.log.live[r.k].seq == seq && !yield(r) { // else replaced later
				return nil
			}
		}
		return rows.Err()
	}, func(r rec) error {
		v := r.v
		if r.deflated {
			var err error
			if v, err = inflate(v); err != nil {
				return fmt.Errorf("%s %s: %w", r.k.Kind, r.k.ID, err)
			}
		}
		if err := fn(r.k.Kind, r.k.ID, v); err != nil {
			return fmt.Errorf("%s %s: %w", r.k.Kind, r.k.ID, err)
		}
		return nil
	})
}

// Parallel runs work on every processor over the values produce yields,
// in no set order. After the first error, produce's or work's, yield
// answers false, no more work starts, and that error is returned.
func Parallel[T any](produce func(yield func(T) bool) error, work func(T) error) error {
	ch := make(chan T, 256)
	var mu sync.Mutex
	var first error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		first = cmp.Or(first, err)
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil
	}
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range ch { // drained to the end, so that produce never blocks
				if failed() {
					continue
				}
				if err := work(v); err != nil {
					fail(err)
				}
			}
		}()
	}
	err := produce(func(v T) bool {
		if failed() {
			return false
		}
		ch <- v
		return true
	})
	close(ch)
	wg.Wait()
	fail(err)
	return first
}

// Count is how many live records there are.
func (db *DB) Count() int { return len(db.log.live) }

// Sizes are the bytes of live and of replaced rows not yet compacted.
func (db *DB) Sizes() (liveBytes, deadBytes int64) { return db.log.liveBytes, db.log.deadBytes }

// compressAbove is the value size from which values are stored compressed.
const compressAbove = 512

var (
	flaters   = sync.Pool{New: func() any { w, _ := flate.NewWriter(nil, flate.BestSpeed); return w }}
	inflaters sync.Pool // of flate readers
)

func inflate(v []byte) ([]byte, error) {
	src := bytes.NewReader(v)
	r, _ := inflaters.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(src)
	} else {
		_ = r.(flate.Resetter).Reset(src, nil)
	}
	var out bytes.Buffer
	out.Grow(4 * len(v))
	_, err := out.ReadFrom(r)
	inflaters.Put(r)
	return out.Bytes(), err
}

func deflate(v []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(v) / 3)
	w := flaters.Get().(*flate.Writer)
	w.Reset(&b)
	_, _ = w.Write(v)
	_ = w.Close()
	flaters.Put(w)
	return b.Bytes()
}

// Write commits recs in one transaction; with clearKinds, every record of
// those kinds that recs does not write goes ("*": of every kind).
func (db *DB) Write(clearKinds []string, recs []Record) error {
	x := &db.log
	written := make(map[Key]bool, len(recs))
	for _, r := range recs {
		written[Key{r.Kind, r.ID}] = true
	}
	all := slices.Contains(clearKinds, "*")
	var gone []Key
	if len(clearKinds) > 0 && !all {
		for k := range x.live {
			if (all || slices.Contains(clearKinds, k.Kind)) && !written[k] {
				gone = append(gone, k)
			}
		}
	}
	tx, err := db.sql.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if all {            // everything goes: no need for deletions
		if _, err := tx.Exec(`DELETE FROM log`); err != nil {
			return err
		}
	}
	ins := tx.Stmt(db.ins)
	type noted struct {
		k         Key
		seq, size int64
	}
	notes := make([]noted, 0, len(recs)+len(gone))
	seq := x.next
	add := func(k Key, v []byte) error {
		size, deflated := int64(-1), false
		if v != nil {
			if len(v) > compressAbove {
				v, deflated = deflate(v), true
			}
			size = int64(len(v))
		}
		if _, err := ins.Exec(seq, k.Kind, k.ID, v, deflated); err != nil {
			return err
		}
		notes = append(notes, noted{k, seq, size})
		seq++
		return nil
	}
	for _, k := range gone {
		if err := add(k, nil); err != nil {
			return err
		}
	}
	for _, r := range recs {
		if r.Value == nil {
			if _, ok := x.live[Key{r.Kind, r.ID}]; !ok || all {
				continue // never written, or already gone
			}
		}
		if err := add(Key{r.Kind, r.ID}, r.Value); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	x.next = seq
	if all {
		clear(x.live)
		x.dead, x.liveBytes, x.deadBytes = nil, 0, 0
	}
	for _, n := range notes {
		x.note(n.k, n.seq, n.size)
	}
	if db.cleaningDue() {
		return db.clean(cleanWindow)
	}
	return nil
}
