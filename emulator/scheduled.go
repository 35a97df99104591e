package emulator

import (
	"sync"
	"time"
)

// Plaid's scheduled updates: Items with Transactions are refreshed as the
// emulator clock passes 00, 06, 12 and 18 h UTC, whether it follows wall
// time (checked every 30 s) or is moved (/_emulator/clock).

// updateEvery is how often Plaid updates an Item's transactions, our
// choice within its "several times a day": 4 a day.
const updateEvery = 6 * time.Hour

// scheduleTick is how often a clock that follows wall time is checked.
var scheduleTick = 30 * time.Second

// maxUpdatesAtOnce bounds the updates one clock move runs (the last ones).
const maxUpdatesAtOnce = 8

// scheduler remembers up to when updates have run.
type scheduler struct {
	mu   sync.Mutex
	at   time.Time // emulator time of the last check
	done chan struct{}
	once sync.Once
}

func (s *Server) startScheduler() {
	s.sched.done = make(chan struct{})
	if !s.opts.ScheduledUpdates {
		return
	}
	s.sched.at = s.clock.Now()
	go func() {
		tick := time.NewTicker(scheduleTick)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				s.atomically(s.runScheduled) // an update of every Item is one commit
			case <-s.sched.done:
				return
			}
		}
	}()
}

func (sc *scheduler) stop() { sc.once.Do(func() { close(sc.done) }) }

// runScheduled runs the updates due since the last check (none when the
// clock was set back).
func (s *Server) runScheduled() {
	if !s.opts.ScheduledUpdates {
		return
	}
	now := s.clock.Now()
	from := func() time.Time {
		s.sched.mu.Lock()
		defer s.sched.mu.Unlock()
		from := s.sched.at
		if now.After(from) {
			s.sched.at = now
		}
		return from
	}()
	s.scheduledUpdates(from, now)
}

// scheduledUpdates runs the updates due between from and to (at most the
// last maxUpdatesAtOnce): each a refresh of every Item with ready
// Transactions, at the update's time, sending DEFAULT_UPDATE and, to an
// Item whose app has used /transactions/sync, SYNC_UPDATES_AVAILABLE when
// rows changed.
func (s *Server) scheduledUpdates(from, to time.Time) {
	if !to.After(from) {
		return
	}
	var due []time.Time
	for t := from.Truncate(updateEvery).Add(updateEvery); !t.After(to); t = t.Add(updateEvery) {
		if due = append(due, t); len(due) > maxUpdatesAtOnce {
			due = due[1:]
		}
	}
	if len(due) == 0 {
		return
	}
	var ids []string // the Items are listed once for all the updates due
	for _, it := range s.store.AllItems() {
		if it.HasProduct("transactions") {
			ids = append(ids, it.ID)
		}
	}
	for _, at := range due {
		for _, id := range ids {
			s.publish(s.store.RefreshTransactions(id, at))
		}
	}
}
