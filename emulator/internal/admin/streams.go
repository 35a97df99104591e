package admin

import (
	"sync"
	"time"
)

// DefaultStreamClients is how many event-stream subscribers a Server
// takes at once (Options.StreamClients), and DefaultStreamWriteTimeout
// how long one may leave an event unread before it is dropped.
const (
	DefaultStreamClients      = 32
	DefaultStreamWriteTimeout = 10 * time.Second
)

// streams bounds the event-stream subscribers and ends them all at once
// when the Server stops.
type streams struct {
	mu     sync.Mutex
	n, max int
	polls  int           // long polls of the webhook log under way
	stop   chan struct{} // closed when the Server stops
	closed bool
}

func newStreams(max int) *streams {
	if max <= 0 {
		max = DefaultStreamClients
	}
	return &streams{max: max, stop: make(chan struct{})}
}

// join takes a place for a subscriber; false when all are taken or the
// Server is stopping. leave gives the place back.
func (st *streams) join() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed || st.n >= st.max {
		return false
	}
	st.n++
	return true
}

func (st *streams) leave() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.n--
}

// count is how many subscribers and long polls there are.
func (st *streams) count() (subscribers, polls int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.n, st.polls
}

// poll counts a long poll while it waits (add 1, then -1).
func (st *streams) poll(add int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.polls += add
}

// close ends every subscriber and refuses new ones.
func (st *streams) close() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.closed {
		st.closed = true
		close(st.stop)
	}
}
