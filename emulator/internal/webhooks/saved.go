package webhooks

import (
	"slices"
	"time"
)

// Saved is a logged webhook as kept with --state.
type Saved struct {
	Record
	ClientID string `json:"client_id"`
}

// Snapshot returns copies of every logged webhook and the id sequence.
func (d *Dispatcher) Snapshot() ([]Saved, int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Saved, 0, len(d.records))
	for _, r := range d.records {
		c := *r
		c.Attempts = slices.Clone(r.Attempts)
		out = append(out, Saved{Record: c, ClientID: r.clientID})
	}
	return out, d.seq
}

// SavedOne is a copy of one logged webhook, for --state; false once the
// log has forgotten it.
func (d *Dispatcher) SavedOne(id string) (Saved, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.byID[id]
	if !ok {
		return Saved{}, false
	}
	c := *r
	c.Attempts = slices.Clone(r.Attempts)
	return Saved{Record: c, ClientID: r.clientID}, true
}

// Seq is the id sequence: the number in the newest webhook's id.
func (d *Dispatcher) Seq() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seq
}

// Restore adds saved webhooks to the log and resumes the pending ones'
// deliveries (cut short by the stop).
func (d *Dispatcher) Restore(list []Saved, seq int) {
	pending, prevs := d.restoreLocked(list, seq)
	for i, r := range pending {
		d.wg.Add(1)
		go d.deliver(r, prevs[i])
	}
}

// restoreLocked adds list to the log; the pending records and what each
// waits for.
func (d *Dispatcher) restoreLocked(list []Saved, seq int) ([]*Record, []<-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var pending []*Record
	for _, w := range list {
		r := w.Record
		r.clientID = w.ClientID
		r.cancel = make(chan struct{})
		d.records = append(d.records, &r)
		d.byID[r.ID] = &r
		if r.State == webhookPending {
			pending = append(pending, &r)
		} else {
			d.finished++
		}
	}
	d.seq = seq
	d.evictLocked()
	prevs := make([]<-chan struct{}, len(pending))
	for i, r := range pending { // in log order, so each Item's keep their order
		prevs[i] = d.chainLocked(r)
	}
	return pending, prevs
}

// SetOnChange names what to call, under the log's lock, on every change
// of a record: its id, or "" when every record changed (for --state).
func (d *Dispatcher) SetOnChange(f func(id string)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.onChange = f
}

// Redeliver logs the same body as record id again and starts its delivery.
func (d *Dispatcher) Redeliver(id string, now time.Time) (Record, bool) {
	rec, ok := d.get(id)
	if !ok {
		return Record{}, false
	}
	nr := d.Enqueue(rec.clientID, rec.ItemID, rec.URL, rec.WebhookType, rec.WebhookCode, rec.Body, now, rec.ID, "")
	return d.get(nr.ID)
}

// SetIDPrefix sets what goes between "wh_" and the sequence number of the
// webhook ids made from now on.
func (d *Dispatcher) SetIDPrefix(p string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.idPrefix = p
}
