package emulator

import (
	"sync"
	"time"
)

// Clock is the emulator's notion of now. It follows the wall clock from a
// chosen start, or stands still when frozen; Advance and Set move it.
type Clock struct {
	mu     sync.RWMutex
	base   time.Time // emulator time at wallAt
	wallAt time.Time
	frozen bool
	// OnChange, if set, is called after Advance and Set.
	onChange func()
}

func newClock(start time.Time, frozen bool) *Clock {
	now := time.Now()
	if start.IsZero() {
		start = now
	}
	return &Clock{base: start.UTC(), wallAt: now, frozen: frozen}
}

// Now is the current emulator time, in UTC, to the second (Plaid's
// timestamps carry no fractions).
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	t := c.base
	if !c.frozen {
		t = t.Add(time.Since(c.wallAt))
	}
	return t.Truncate(time.Second)
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	if f := c.change(func() { c.base = c.base.Add(d) }); f != nil {
		f()
	}
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	if f := c.change(func() { c.base, c.wallAt = t.UTC(), time.Now() }); f != nil {
		f()
	}
}

// Freeze stops the clock at its current time (on) or lets it follow the
// wall clock again from there (off).
func (c *Clock) Freeze(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen {
		c.base = c.base.Add(time.Since(c.wallAt))
	}
	c.wallAt, c.frozen = time.Now(), on
}

// change runs fn under the lock and returns what to call after the move.
func (c *Clock) change(fn func()) func() {
	c.mu.Lock()
	defer c.mu.Unlock()
	fn()
	return c.onChange
}

// Frozen says whether the clock stands still.
func (c *Clock) Frozen() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.frozen
}
