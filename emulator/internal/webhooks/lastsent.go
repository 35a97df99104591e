package webhooks

import (
	"maps"
	"sync"
	"time"
)

// Sent is the last webhook sent about an Item (item.status.last_webhook).
type Sent struct {
	At   time.Time `json:"at"`
	Code string    `json:"code"`
}

// lastSent remembers, per Item id, the newest webhook enqueued about it
// (redeliveries aside). Clearing the log does not forget it.
type lastSent struct {
	mu sync.Mutex
	by map[string]Sent
}

func (l *lastSent) note(itemID, code string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.by == nil {
		l.by = map[string]Sent{}
	}
	l.by[itemID] = Sent{At: at, Code: code}
}

// LastSent is the newest webhook enqueued about an Item.
func (d *Dispatcher) LastSent(itemID string) (Sent, bool) {
	d.last.mu.Lock()
	defer d.last.mu.Unlock()
	s, ok := d.last.by[itemID]
	return s, ok
}

// ForgetSent forgets what was sent about every Item (at a reset).
func (d *Dispatcher) ForgetSent() {
	d.last.mu.Lock()
	defer d.last.mu.Unlock()
	d.last.by = nil
}

// SentSnapshot is a copy of the last webhook per Item, for --state.
func (d *Dispatcher) SentSnapshot() map[string]Sent {
	d.last.mu.Lock()
	defer d.last.mu.Unlock()
	return maps.Clone(d.last.by)
}

// RestoreSent adds saved last webhooks.
func (d *Dispatcher) RestoreSent(m map[string]Sent) {
	d.last.mu.Lock()
	defer d.last.mu.Unlock()
	if d.last.by == nil {
		d.last.by = map[string]Sent{}
	}
	maps.Copy(d.last.by, m)
}
