package statedb

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Key names a record.
type Key struct{ Kind, ID string }

// Collect reads, at the time of the call, the records a commit writes: the
// current value of each key (a nil Value when it is gone) and every record
// of each kind in whole ("*": every kind), plus whatever else goes with
// every commit.
type Collect func(keys []Key, whole []string) ([]Record, error)

// Committer turns changes into group commits. A change is marked (Mark,
// MarkKind) where it is made, under the lock that guards its value; one
// goroutine commits everything marked so far in one transaction, reading
// the values then, while the changes made meanwhile wait for the next
// commit. Sync waits until the changes marked before it are committed:
// every writer that arrives during a commit shares the next one.
type Committer struct {
	db      *DB
	collect Collect
	onErr   func(error)

	marked atomic.Uint64 // changes marked so far
	stats  struct{ commits, records, nanos atomic.Uint64 }

	hold sync.RWMutex // held by Atomically; each commit takes it shared

	mu     sync.Mutex
	dirty  map[Key]struct{}
	whole  map[string]struct{}
	done   uint64        // changes committed
	failed uint64        // changes up to here met err (until a later commit)
	err    error         // the last failed commit's error
	doneCh chan struct{} // closed and replaced after each commit attempt

	kick    chan struct{}
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// retryAfter is how long a failed commit waits before the next attempt.
const retryAfter = 100 * time.Millisecond

// ErrClosed is Sync's error once the committer has stopped.
var ErrClosed = errors.New("the state database is closed")

// NewCommitter starts committing to db. onErr hears of each failed commit.
func NewCommitter(db *DB, collect Collect, onErr func(error)) *Committer {
	c := &Committer{db: db, collect: collect, onErr: onErr,
		dirty: map[Key]struct{}{}, whole: map[string]struct{}{}, doneCh: make(chan struct{}),
		kick: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.run()
	return c
}

// Mark notes a change of one record.
func (c *Committer) Mark(kind, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dirty[Key{kind, id}] = struct{}{}
	c.marked.Add(1)
	c.poke()
}

// MarkKind notes a change of every record of kind ("*": of every kind):
// the next commit replaces them all.
func (c *Committer) MarkKind(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.whole[kind] = struct{}{}
	c.marked.Add(1)
	c.poke()
}

func (c *Committer) poke() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// Marked is how many changes have been marked; give it to Sync.
func (c *Committer) Marked() uint64 { return c.marked.Load() }

// Sync returns once every change marked so far is committed, if any was
// marked after since (a Marked value); else at once. It returns the
// commit's error if the commit failed.
func (c *Committer) Sync(since uint64) error {
	target := c.marked.Load()
	if target <= since {
		return nil
	}
	for {
		var done, failed uint64
		var err error
		var ch chan struct{}
		c.locked(func() { done, failed, err, ch = c.done, c.failed, c.err, c.doneCh })
		switch {
		case done >= target:
			return nil
		case failed >= target:
			return err
		}
		select {
		case <-ch:
		case <-c.stopped:
			c.locked(func() { done = c.done })
			if done >= target {
				return nil
			}
			return ErrClosed
		}
	}
}

// tidyAfter is how long the committer waits idle before it tidies the
// log (tidyStep between steps while there is more).
const (
	tidyAfter = time.Second
	tidyStep  = 10 * time.Millisecond
)

func (c *Committer) run() {
	defer close(c.stopped)
	idle := time.NewTimer(tidyAfter)
	defer idle.Stop()
	for {
		select {
		case <-c.kick:
		case <-idle.C:
			more, err := c.db.Tidy()
			if err != nil && c.onErr != nil {
				c.onErr(err)
			}
			if more {
				idle.Reset(tidyStep)
			}
			continue
		case <-c.stop:
			c.commit() // the last changes
			return
		}
		idle.Reset(tidyAfter)
		// Let the writers that are running reach their marks, so that they
		// share this commit rather than wait for the next one.
		runtime.Gosched()
		if !c.commit() {
			select { // a failing disk: retry later, not in a busy loop
			case <-time.After(retryAfter):
				c.poke()
			case <-c.stop:
				c.commit()
				return
			}
		}
	}
}

// Atomically runs fn with no commit under way or begun: everything fn
// changes (and what others change meanwhile) reaches the database in one
// commit after it, so a kill leaves the state before fn or after it,
// never part of it. A commit in flight is waited for first.
func (c *Committer) Atomically(fn func()) {
	c.hold.Lock()
	defer c.hold.Unlock()
	fn()
}

// commit writes everything marked so far, as one transaction, outside any
// Atomically; false if that failed.
func (c *Committer) commit() bool {
	c.hold.RLock()
	defer c.hold.RUnlock()
	var upto uint64
	var keys []Key
	var whole []string
	idle := false
	c.locked(func() {
		upto = c.marked.Load()
		if upto == c.done && len(c.dirty) == 0 && len(c.whole) == 0 {
			idle = true
			return
		}
		keys = make([]Key, 0, len(c.dirty))
		for k := range c.dirty {
			keys = append(keys, k)
		}
		for k := range c.whole {
			whole = append(whole, k)
		}
		clear(c.dirty)
		clear(c.whole)
	})
	if idle {
		return true
	}

	start := time.Now()
	recs, err := c.collect(keys, whole)
	if err == nil {
		err = c.db.Write(whole, recs)
	}
	c.stats.commits.Add(1)
	c.stats.records.Add(uint64(len(recs)))
	c.stats.nanos.Add(uint64(time.Since(start)))

	c.locked(func() {
		if err == nil {
			c.done = upto
		} else {
			c.failed, c.err = upto, err
			for _, k := range keys { // the next attempt writes them again
				c.dirty[k] = struct{}{}
			}
			for _, k := range whole {
				c.whole[k] = struct{}{}
			}
		}
		close(c.doneCh)
		c.doneCh = make(chan struct{})
	})
	if err != nil && c.onErr != nil {
		c.onErr(err)
	}
	return err == nil
}

// locked runs fn under the committer's lock.
func (c *Committer) locked(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fn()
}

// Stats are the commits made so far, the records they wrote and the time
// they took.
func (c *Committer) Stats() (commits, records uint64, busy time.Duration) {
	return c.stats.commits.Load(), c.stats.records.Load(), time.Duration(c.stats.nanos.Load())
}

// Close commits what is marked, stops, and closes the database.
func (c *Committer) Close() error {
	c.once.Do(func() { close(c.stop) })
	<-c.stopped
	var err error
	c.locked(func() {
		if c.done < c.failed {
			err = c.err
		}
	})
	if cerr := c.db.Close(); err == nil {
		err = cerr
	}
	return err
}
