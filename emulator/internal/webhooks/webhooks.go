// Package webhooks signs and delivers webhooks: the ES256 keys, the delivery
// queue with its retries and timeouts, and the log tests and users read.
// Given a webhook to send, it sends it; it knows nothing of products.
package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// RetryPolicy says how a failed webhook delivery is retried.
type RetryPolicy struct {
	// Attempts is the most attempts in all; 0 means no limit but MaxElapsed.
	Attempts int
	// Delay is the wait before the first retry; each later one is Factor times the last.
	Delay  time.Duration
	Factor float64
	// MaxElapsed, if set, ends retrying that long after the first attempt.
	MaxElapsed time.Duration
}

var (
	// FastRetry (the default) suits tests: 5 attempts, 0.5 s apart.
	FastRetry = RetryPolicy{Attempts: 5, Delay: 500 * time.Millisecond, Factor: 1}
	// RealRetry is Plaid's: 30 s, then 4× each time, for up to 24 h.
	RealRetry = RetryPolicy{Delay: 30 * time.Second, Factor: 4, MaxElapsed: 24 * time.Hour}
)

// DefaultWebhookTimeout is how long an attempt waits for an answer, as Plaid.
const DefaultWebhookTimeout = 10 * time.Second

// maxConcurrentAttempts bounds the deliveries in flight at once; waiting
// ones queue, none is dropped.
const maxConcurrentAttempts = 32

// Webhook states in the delivery log.
const (
	webhookPending   = "pending"
	webhookDelivered = "delivered"
	webhookExhausted = "exhausted"
)

// Record is one webhook in the delivery log.
type Record struct {
	ID           string            `json:"id"`
	ItemID       string            `json:"item_id"`
	WebhookType  string            `json:"webhook_type"`
	WebhookCode  string            `json:"webhook_code"`
	URL          string            `json:"url"`
	Body         json.RawMessage   `json:"body"`
	Headers      map[string]string `json:"headers"`
	Attempts     []webhookAttempt  `json:"attempts"`
	State        string            `json:"state"`
	CreatedAt    string            `json:"created_at"`
	RedeliveryOf string            `json:"redelivery_of,omitempty"`
	// RawBody is Body as the exact bytes signed and sent (Body, a JSON
	// value, is re-encoded compact when the log is written out). Set on
	// List's copies.
	RawBody string `json:"raw_body,omitempty"`
	// RequestID is the request whose change caused it ("" for the clock's).
	RequestID string `json:"request_id,omitempty"`
	// NextAttemptAt is when a failed webhook is tried again (RFC 3339, wall clock).
	NextAttemptAt string `json:"next_attempt_at,omitempty"`
	clientID      string
	version       uint64        // the dispatcher's change count at its last change
	cancel        chan struct{} // closed when the log forgets a pending record
	done          chan struct{} // closed when its delivery ends
}

type webhookAttempt struct {
	At        string  `json:"at"`
	Status    int     `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	Error     string  `json:"error,omitempty"`
}

// Dispatcher delivers webhooks outside every lock, retries failures, keeps
// the log tests and users read, and drains on Close.
type Dispatcher struct {
	log     *slog.Logger
	keys    *Keyring
	client  *http.Client
	policy  RetryPolicy
	timeout time.Duration
	agent   string
	slots   chan struct{}

	durable atomic.Bool // the log outlives the process (--state)
	// linkLocal lets webhooks go to link-local and metadata addresses.
	linkLocal atomic.Bool
	abort     context.Context // ends when a shutdown's deadline passes
	abortFn   context.CancelFunc

	mu          sync.Mutex
	idPrefix    string
	records     []*Record
	tails       map[string]*Record // Item NUL URL → its newest webhook
	finished    int                // records delivered or exhausted (kept up to maxFinished)
	maxFinished int
	byID        map[string]*Record
	last        lastSent
	seq         int
	changed     chan struct{}   // closed and replaced on every change
	changes     uint64          // changes so far (each record keeps the count at its last)
	onChange    func(id string) // called on every change of a record ("": of all), for --state

	wg   sync.WaitGroup
	stop chan struct{}
	once sync.Once
}

// NewDispatcher makes a dispatcher; idPrefix goes between "wh_" and the
// sequence number of every webhook id ("" for a repeatable run).
func NewDispatcher(log *slog.Logger, keys *Keyring, policy RetryPolicy, timeout time.Duration, version, idPrefix string) *Dispatcher {
	if timeout <= 0 {
		timeout = DefaultWebhookTimeout
	}
	if policy.Attempts == 0 && policy.MaxElapsed == 0 {
		policy = FastRetry
	}
	if policy.Factor < 1 {
		policy.Factor = 1
	}
	d := &Dispatcher{}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = maxConcurrentAttempts
	tr.DialContext = (&net.Dialer{Timeout: timeout, Control: d.dialControl}).DialContext
	abort, abortFn := context.WithCancel(context.Background())
	*d = Dispatcher{abort: abort, abortFn: abortFn,
		log: log, keys: keys, policy: policy, timeout: timeout, idPrefix: idPrefix,
		client: &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: noRedirects},
		agent:  "plaid-emulator-webhooks/" + version,
		slots:  make(chan struct{}, maxConcurrentAttempts),
		byID:   map[string]*Record{}, tails: map[string]*Record{}, changed: make(chan struct{}), stop: make(chan struct{}),
	}
	return d
}

// CanonicalJSON renders a webhook body as Plaid sends it: keys in
// alphabetical order at every depth, 2-space indentation, no HTML escaping.
func CanonicalJSON(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(generic); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Enqueue logs a webhook and starts its delivery.
func (d *Dispatcher) Enqueue(clientID, itemID, url, typ, code string, body []byte, now time.Time, redeliveryOf, requestID string) *Record {
	rec, prev := d.add(clientID, itemID, url, typ, code, body, now, redeliveryOf, requestID)
	if redeliveryOf == "" && itemID != "" {
		d.last.note(itemID, code, now)
	}
	go d.deliver(rec, prev)
	return rec
}

// add logs a new pending record; it and what its delivery waits for.
func (d *Dispatcher) add(clientID, itemID, url, typ, code string, body []byte, now time.Time, redeliveryOf, requestID string) (*Record, <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seq++
	rec := &Record{
		ID: fmt.Sprintf("wh_%s%08d", d.idPrefix, d.seq), ItemID: itemID, WebhookType: typ, WebhookCode: code, URL: url,
		Body: body, Headers: map[string]string{}, Attempts: []webhookAttempt{}, State: webhookPending,
		CreatedAt: now.UTC().Format(time.RFC3339), RedeliveryOf: redeliveryOf, RequestID: requestID, clientID: clientID,
		cancel: make(chan struct{}),
	}
	d.records = append(d.records, rec)
	d.byID[rec.ID] = rec
	d.notifyLocked(rec.ID)
	d.wg.Add(1)
	return rec, d.chainLocked(rec)
}

// notifyLocked announces a change of record id ("": of every record).
func (d *Dispatcher) notifyLocked(id string) {
	d.changes++
	if rec := d.byID[id]; rec != nil {
		rec.version = d.changes
	}
	close(d.changed)
	d.changed = make(chan struct{})
	if d.onChange != nil {
		d.onChange(id)
	}
}

// chainLocked makes rec the newest webhook to its Item and URL and returns
// what it waits for: the one before it (nil: none), so a receiver gets an
// Item's webhooks in the order they were caused. Callers hold d.mu.
func (d *Dispatcher) chainLocked(rec *Record) <-chan struct{} {
	rec.done = make(chan struct{})
	if rec.ItemID == "" {
		return nil
	}
	k := rec.ItemID + "\x00" + rec.URL
	prev := d.tails[k]
	d.tails[k] = rec
	if prev == nil {
		return nil
	}
	return prev.done
}

// unchain ends rec's turn: the next webhook to its Item and URL may go.
func (d *Dispatcher) unchain(rec *Record) {
	close(rec.done)
	d.mu.Lock()
	defer d.mu.Unlock()
	if k := rec.ItemID + "\x00" + rec.URL; d.tails[k] == rec {
		delete(d.tails, k)
	}
}

// Filter selects records from the log.
type Filter struct {
	ItemID, WebhookType, WebhookCode, State, RequestID string
}

func (f Filter) match(r *Record) bool {
	return (f.ItemID == "" || r.ItemID == f.ItemID) && (f.WebhookType == "" || r.WebhookType == f.WebhookType) &&
		(f.WebhookCode == "" || r.WebhookCode == f.WebhookCode) && (f.State == "" || r.State == f.State) &&
		(f.RequestID == "" || r.RequestID == f.RequestID)
}

// List returns copies of the matching records, waiting up to wait for at
// least one to match.
func (d *Dispatcher) List(ctx context.Context, f Filter, wait time.Duration) []Record {
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		out, changed := d.matching(f)
		if len(out) > 0 || wait <= 0 {
			return out
		}
		select {
		case <-changed:
		case <-deadline.C:
			return nil
		case <-ctx.Done():
			return nil
		}
	}
}

// matching is copies of the records f matches, and the channel closed at
// the next change.
func (d *Dispatcher) matching(f Filter) ([]Record, <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Record
	for _, r := range d.records {
		if f.match(r) {
			c := *r
			c.Attempts = slices.Clone(r.Attempts)
			c.RawBody = string(r.Body)
			out = append(out, c)
		}
	}
	return out, d.changed
}

// ChangedSince is copies of the records changed after change count since
// (in log order), the count now, and the channel closed at the next change:
// what a watcher has not seen yet, without copying the whole log.
func (d *Dispatcher) ChangedSince(since uint64) ([]Record, uint64, <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Record
	for _, r := range d.records {
		if r.version > since {
			c := *r
			c.Attempts = slices.Clone(r.Attempts)
			out = append(out, c)
		}
	}
	return out, d.changes, d.changed
}

// get returns a copy of one record.
func (d *Dispatcher) get(id string) (Record, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.byID[id]
	if !ok {
		return Record{}, false
	}
	c := *r
	c.Attempts = slices.Clone(r.Attempts)
	return c, true
}

// Close stops retry waits (in-process, each pending webhook gets one last
// attempt) and waits for deliveries in flight until ctx ends.
//
// A durable dispatcher (SetDurable, under --state) makes no last attempts:
// waiting webhooks stay pending for the next start. When ctx ends first,
// attempts in flight are cut off and stay pending too; a durable dispatcher
// then logs how many it leaves, any other returns an error.
func (d *Dispatcher) Close(ctx context.Context) error {
	d.once.Do(func() { close(d.stop) })
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		d.abortFn()
		<-done // attempts end at once when cut off
		if !d.durable.Load() {
			return fmt.Errorf("webhooks still in flight at shutdown: %w", ctx.Err())
		}
	}
	if d.durable.Load() {
		if n := d.pending(); n > 0 {
			d.log.Info("webhooks left pending for the next start", "count", n)
		}
	}
	return nil
}

// pending counts the webhooks still to deliver.
func (d *Dispatcher) pending() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.records) - d.finished
}

// SetDurable says the log outlives the process (--state): a shutdown
// leaves undelivered webhooks pending instead of trying them a last time.
func (d *Dispatcher) SetDurable(on bool) { d.durable.Store(on) }
