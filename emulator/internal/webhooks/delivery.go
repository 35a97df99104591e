package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Delivering one webhook: its turn behind the one before it to the same
// Item and URL, its attempts with retries, and its end.

// deliver makes rec's attempts, after prev (the webhook before it to the
// same Item and URL) has finished.
func (d *Dispatcher) deliver(rec *Record, prev <-chan struct{}) {
	defer d.wg.Done()
	defer d.unchain(rec)
	if prev != nil {
		select {
		case <-prev:
		case <-rec.cancel:
			return
		}
		// The one before may have ended because the log forgot it, in the
		// middle of forgetting this one too (forget holds d.mu throughout):
		// look under the lock.
		var gone bool
		d.locked(func() { gone = closed(rec.cancel) })
		if gone {
			return
		}
		if d.durable.Load() && closed(d.stop) {
			return // kept pending for the next start, behind the one before it
		}
	}
	// A webhook resumed after a restart goes on from its attempts so far:
	// at its next attempt time, with the retries it has left.
	var done int
	var next string
	first := time.Now()
	d.locked(func() {
		done, next = len(rec.Attempts), rec.NextAttemptAt
		if done > 0 {
			if t, err := time.Parse(time.RFC3339Nano, rec.Attempts[0].At); err == nil {
				first = t
			}
		}
	})
	delay, final := d.policy.Delay, false
	for range max(0, done-1) {
		delay = time.Duration(float64(delay) * d.policy.Factor)
	}
	if done > 0 {
		delay = time.Duration(float64(delay) * d.policy.Factor)
		if t, err := time.Parse(time.RFC3339Nano, next); err == nil && !d.wait(rec, time.Until(t)) {
			return
		}
	}
	for n := done + 1; ; n++ {
		ok, aborted := d.attempt(rec)
		if ok {
			d.finish(rec, webhookDelivered)
			return
		}
		if aborted { // cut off by the shutdown's deadline: it stays pending
			return
		}
		out := (d.policy.Attempts > 0 && n >= d.policy.Attempts) ||
			(d.policy.MaxElapsed > 0 && time.Since(first)+delay > d.policy.MaxElapsed)
		if out || final {
			d.finish(rec, webhookExhausted)
			return
		}
		if closed(rec.cancel) {
			return
		}
		d.update(rec, func() { rec.NextAttemptAt = time.Now().Add(delay).UTC().Format(time.RFC3339Nano) })
		if !d.wait(rec, delay) {
			if closed(rec.cancel) || d.durable.Load() {
				return // kept pending (saved with --state, resumed at the next start)
			}
			final = true // in-process: one last attempt now, then stop
		}
		delay = time.Duration(float64(delay) * d.policy.Factor)
	}
}

// wait waits d before rec's next attempt; false when the record was
// forgotten (DELETE /_emulator/webhooks, a reset) or a shutdown began.
func (d *Dispatcher) wait(rec *Record, delay time.Duration) bool {
	if delay <= 0 {
		return !closed(rec.cancel) && !closed(d.stop)
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-rec.cancel:
		return false
	case <-d.stop:
		return false
	}
}

// attempt makes one signed POST and records it; aborted when the
// shutdown's deadline cut it off.
func (d *Dispatcher) attempt(rec *Record) (ok, aborted bool) {
	d.slots <- struct{}{}
	defer func() { <-d.slots }()
	start := time.Now()
	a := webhookAttempt{At: start.UTC().Format(time.RFC3339Nano)}
	// iat is wall time: receivers check it against their own clock.
	sig, err := d.keys.sign(rec.Body, start)
	headers := map[string]string{"Content-Type": "application/json", "Plaid-Verification": sig,
		"User-Agent": d.agent, "Plaid-Emulator-Webhook-Id": rec.ID}
	if err == nil {
		ctx, cancel := context.WithTimeout(d.abort, d.timeout)
		var req *http.Request
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, rec.URL, bytes.NewReader(rec.Body))
		if err == nil && d.refusedHost(req.URL) {
			err = errLinkLocal
		}
		if err == nil {
			for k, v := range headers {
				req.Header.Set(k, v)
			}
			var resp *http.Response
			if resp, err = d.client.Do(req); err == nil {
				a.Status = resp.StatusCode
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
				resp.Body.Close()
			}
		}
		cancel()
	}
	a.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
	ok = err == nil && a.Status >= 200 && a.Status < 300
	aborted = !ok && d.abort.Err() != nil
	if ue, isURL := err.(*url.Error); isURL {
		ue.URL = Redact(ue.URL) // no credentials in the log
	}
	if err != nil {
		a.Error = attemptError(err, d.timeout.String())
		d.log.Debug("webhook attempt error", "id", rec.ID, "err", err.Error())
	} else if !ok {
		a.Error = fmt.Sprintf("receiver answered %d", a.Status)
	}
	d.update(rec, func() {
		rec.Attempts = append(rec.Attempts, a)
		rec.Headers = headers
	})
	if !ok {
		d.log.Debug("webhook attempt failed", "id", rec.ID, "url", Redact(rec.URL), "attempt", len(rec.Attempts), "err", a.Error)
	}
	return ok, aborted
}

// locked runs fn under the log's lock.
func (d *Dispatcher) locked(fn func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fn()
}

// update changes rec under the log's lock and announces the change.
func (d *Dispatcher) update(rec *Record, fn func()) {
	d.locked(func() {
		fn()
		d.notifyLocked(rec.ID)
	})
}

func (d *Dispatcher) finish(rec *Record, state string) {
	d.update(rec, func() {
		rec.State, rec.NextAttemptAt = state, ""
		if d.byID[rec.ID] == rec { // still in the log (not cleared meanwhile)
			d.finished++
			d.evictLocked()
		}
	})
	if state == webhookExhausted {
		d.log.Warn("webhook not delivered", "id", rec.ID, "url", Redact(rec.URL), "code", rec.WebhookCode, "attempts", len(rec.Attempts))
	}
}
