package chaos

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// DefaultJournalSize is how many requests the journal keeps.
const DefaultJournalSize = 1000

// Journal memory bounds: what the kept bodies may hold in all, and what one
// body keeps (the rest is cut, and its size recorded).
const (
	DefaultJournalBytes     = 64 << 20
	DefaultJournalBodyLimit = 256 << 10
)

// Journal is a bounded ring of the Plaid requests served, with the
// scenario rule that shaped each, so a test can assert what its code
// called (like WireMock's verify). It keeps at most size entries and, in
// all, at most maxBytes of bodies: past that the oldest entries go.
type Journal struct {
	mu        sync.Mutex
	ring      []Entry
	next      int64 // entries ever recorded
	first     int64 // the oldest entry still kept (by position)
	held      int   // bytes the ring's body buffers hold (their capacity)
	maxBytes  int
	bodyLimit int
}

// Entry is one journalled exchange.
type Entry struct {
	id           int64
	At           time.Time
	Method       string
	Path         string
	Status       int
	ClientID     string
	ItemID       string
	RequestID    string
	Scenario     string
	Rule         string
	Fault        string
	Via          string // "dashboard" or "program-api" for the emulator's own calls, "" for a client's
	Patch        string // what a scenario's patch did to the answer: "applied" or "failed: why"
	forgotten    bool   // its client was reset
	Latency      time.Duration
	request      []byte
	response     []byte
	requestSize  int // before cutting
	responseSize int
}

// NewJournal keeps up to size entries (0 or less: none) and maxBytes of
// bodies, each cut at bodyLimit (0: the defaults).
func NewJournal(size, maxBytes, bodyLimit int) *Journal {
	if size < 0 {
		size = 0
	}
	if maxBytes <= 0 {
		maxBytes = DefaultJournalBytes
	}
	if bodyLimit <= 0 {
		bodyLimit = DefaultJournalBodyLimit
	}
	return &Journal{ring: make([]Entry, size), maxBytes: maxBytes, bodyLimit: bodyLimit}
}

// Enabled reports whether the journal keeps anything.
func (j *Journal) Enabled() bool { return j != nil && len(j.ring) > 0 }

// Record keeps one exchange (status 0 and a fault for HTTP-level failures):
// e with its request and response bodies, copied and cut at the body limit.
func (j *Journal) Record(e Entry, request, response []byte) {
	if !j.Enabled() {
		return
	}
	e.requestSize, e.responseSize = len(request), len(response)
	request, response = request[:min(len(request), j.bodyLimit)], response[:min(len(response), j.bodyLimit)]
	j.mu.Lock()
	defer j.mu.Unlock()
	e.id = j.next + 1
	n := int64(len(j.ring))
	slot := &j.ring[j.next%n]
	// Each slot keeps its byte buffers, so a full ring records without allocating.
	j.held -= cap(slot.request) + cap(slot.response)
	e.request = append(slot.request[:0], request...)
	e.response = append(slot.response[:0], response...)
	j.held += cap(e.request) + cap(e.response)
	*slot = e
	j.next++
	j.first = max(j.first, j.next-n)
	for j.held > j.maxBytes && j.first < j.next-1 { // over the byte budget: the oldest go
		old := &j.ring[j.first%n]
		j.held -= cap(old.request) + cap(old.response)
		*old = Entry{}
		j.first++
	}
}

// Clear forgets every entry (the buffers stay for reuse).
func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := range j.ring {
		j.ring[i] = Entry{request: j.ring[i].request[:0], response: j.ring[i].response[:0]}
	}
	j.next, j.first = 0, 0
}

// ForgetClient hides one client's entries from the journal (their ids stay
// taken).
func (j *Journal) ForgetClient(clientID string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := range j.ring {
		if j.ring[i].ClientID == clientID {
			j.ring[i].forgotten = true
		}
	}
}

// journalJSON is one entry as GET /_emulator/requests shows it.
type journalJSON struct {
	ID        int64           `json:"id"`
	At        string          `json:"at"`
	Method    string          `json:"method"`
	Path      string          `json:"path"`
	Status    int             `json:"status"`
	ClientID  string          `json:"client_id"`
	ItemID    string          `json:"item_id,omitempty"`
	RequestID string          `json:"request_id"`
	Scenario  string          `json:"scenario,omitempty"`
	Rule      string          `json:"rule,omitempty"`
	Fault     string          `json:"fault,omitempty"`
	Via       string          `json:"via,omitempty"`
	Patch     string          `json:"patch,omitempty"`
	LatencyMS float64         `json:"latency_ms"`
	Request   json.RawMessage `json:"request"`
	Response  json.RawMessage `json:"response"`
	// The bodies' sizes as sent, and whether the journal cut them.
	RequestBytes      int  `json:"request_bytes"`
	ResponseBytes     int  `json:"response_bytes"`
	RequestTruncated  bool `json:"request_truncated,omitempty"`
	ResponseTruncated bool `json:"response_truncated,omitempty"`
}

// rawOrString copies b out of the ring: as JSON when it is, else as a string.
func rawOrString(b []byte) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("null")
	}
	if json.Valid(b) {
		return append(json.RawMessage(nil), b...)
	}
	s, _ := json.Marshal(string(b))
	return s
}

// ServeList serves GET /_emulator/requests, oldest first, filtered by
// path, item_id, client_id, status and scenario, count of them (all by
// default) from offset.
func (j *Journal) ServeList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status, err := wire.QueryInt(q, "status", 0, 100, 599)
	var offset, count int
	if err == nil {
		offset, count, err = wire.QueryPage(q, wire.MaxQueryCount, wire.MaxQueryCount)
	}
	if err != nil {
		wire.WriteQueryError(w, err)
		return
	}
	out, recorded := j.list(q, status, offset, count)
	wire.WriteJSON(w, http.StatusOK, map[string]any{"requests": out, "recorded": recorded})
}

// list is the matching entries, count of them from offset, and how many
// were ever recorded.
func (j *Journal) list(q url.Values, status, offset, count int) ([]journalJSON, int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := int64(len(j.ring))
	from := j.first
	out := []journalJSON{}
	for i := from; i < j.next; i++ {
		e := &j.ring[i%n]
		if e.forgotten {
			continue
		}
		if (q.Get("path") != "" && e.Path != q.Get("path")) || (q.Get("item_id") != "" && e.ItemID != q.Get("item_id")) ||
			(q.Get("client_id") != "" && e.ClientID != q.Get("client_id")) || (status != 0 && e.Status != status) ||
			(q.Get("scenario") != "" && e.Scenario != q.Get("scenario")) || (q.Get("request_id") != "" && e.RequestID != q.Get("request_id")) {
			continue
		}
		if offset > 0 {
			offset--
			continue
		}
		if len(out) == count {
			break
		}
		out = append(out, journalJSON{ID: e.id, At: e.At.UTC().Format(time.RFC3339), Method: e.Method, Path: e.Path, Status: e.Status,
			ClientID: e.ClientID, ItemID: e.ItemID, RequestID: e.RequestID, Scenario: e.Scenario, Rule: e.Rule, Fault: e.Fault, Via: e.Via, Patch: e.Patch,
			LatencyMS: float64(e.Latency.Microseconds()) / 1000, Request: rawOrString(e.request), Response: rawOrString(e.response),
			RequestBytes: e.requestSize, ResponseBytes: e.responseSize,
			RequestTruncated: len(e.request) < e.requestSize, ResponseTruncated: len(e.response) < e.responseSize})
	}
	return out, j.next
}
