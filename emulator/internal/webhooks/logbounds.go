package webhooks

// What the log forgets: everything on Clear, the oldest finished records
// past its limit.

// Clear forgets every record and stops the pending ones' deliveries (an
// attempt in flight finishes; none follows). It returns how many it forgot.
func (d *Dispatcher) Clear() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.records {
		if r.State == webhookPending {
			close(r.cancel) // no further attempt; one in flight finishes
		}
		delete(d.byID, r.ID)
	}
	n := len(d.records)
	d.records, d.finished = nil, 0
	d.notifyLocked("")
	return n
}

// ForgetClient forgets one client's webhooks (its pending ones are
// cancelled); the others stay.
func (d *Dispatcher) ForgetClient(clientID string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	kept := d.records[:0]
	n := 0
	for _, r := range d.records {
		if r.clientID != clientID {
			kept = append(kept, r)
			continue
		}
		if r.State == webhookPending {
			close(r.cancel)
		} else {
			d.finished--
		}
		delete(d.byID, r.ID)
		n++
	}
	clear(d.records[len(kept):])
	d.records = kept
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
