package webhooks

import "slices"

// What the log forgets: everything on Clear, the oldest finished records
// past its limit.

// Clear forgets every record and stops the pending ones' deliveries (an
// attempt in flight finishes; none follows). It returns how many it forgot.
func (d *Dispatcher) Clear() int {
	return d.forget(func(*Record) bool { return true })
}

// ForgetClient forgets one client's webhooks (its pending ones are
// cancelled); the others stay.
func (d *Dispatcher) ForgetClient(clientID string) int {
	return d.forget(func(r *Record) bool { return r.clientID == clientID })
}

// forget removes the records gone says from the log, cancelling the pending
// ones among them (an attempt in flight finishes), and counts them.
func (d *Dispatcher) forget(gone func(*Record) bool) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := len(d.records)
	d.records = slices.DeleteFunc(d.records, func(r *Record) bool {
		if !gone(r) {
			return false
		}
		if r.State == webhookPending {
			close(r.cancel) // no further attempt; one in flight finishes
		} else {
			d.finished--
		}
		delete(d.byID, r.ID)
		return true
	})
	n -= len(d.records)
	if len(d.records) == 0 {
		d.records = nil // a cleared log lets its array go
	}
	d.notifyLocked("")
	return n
}

// DefaultLogSize is how many finished webhooks the log keeps.
const DefaultLogSize = 10000

// LimitLog bounds the log to n finished (delivered or exhausted) webhooks,
// the oldest going first; pending ones are never evicted. n <= 0: DefaultLogSize.
func (d *Dispatcher) LimitLog(n int) {
	if n <= 0 {
		n = DefaultLogSize
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.maxFinished = n
	d.evictLocked()
}

// evictLocked forgets the oldest finished records past the limit, down to
// 15/16 of it (so a full log does not rescan on every delivery).
func (d *Dispatcher) evictLocked() {
	if d.maxFinished <= 0 || d.finished <= d.maxFinished {
		return
	}
	target := d.maxFinished - d.maxFinished/16
	kept := d.records[:0]
	for _, r := range d.records {
		if d.finished > target && r.State != webhookPending {
			delete(d.byID, r.ID)
			d.finished--
			if d.onChange != nil {
				d.onChange(r.ID)
			}
			continue
		}
		kept = append(kept, r)
	}
	clear(d.records[len(kept):])
	d.records = kept
}

// closed reports whether ch is closed: a record's cancel (the log forgot
// it) or the dispatcher's stop (a shutdown has begun).
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
