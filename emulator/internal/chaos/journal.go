package chaos

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// DefaultJournalSize is how many requests the journal keeps.
const DefaultJournalSize = 1000

// journal is a bounded ring of the Plaid requests served, with the
// scenario rule that shaped each, so a test can assert what its code
// called (like WireMock's verify).
type Journal struct {
	mu   sync.Mutex
	ring []Entry
	next int64 // entries ever recorded
}

type Entry struct {
	id        int64
	At        time.Time
	Method    string
	Path      string
	Status    int
	ClientID  string
	ItemID    string
	RequestID string
	Scenario  string
	Rule      string
	Fault     string
	Latency   time.Duration
	request   []byte
	response  []byte
}

func NewJournal(size int) *Journal {
	if size < 0 {
		size = 0
	}
	return &Journal{ring: make([]Entry, size)}
}

// enabled reports whether the journal keeps anything.
func (j *Journal) Enabled() bool { return j != nil && len(j.ring) > 0 }

// record keeps one exchange (status 0 and a fault for HTTP-level failures):
// e with its request and response bodies, copied.
func (j *Journal) Record(e Entry, request, response []byte) {
	if !j.Enabled() {
		return
	}
	j.mu.Lock()
	e.id = j.next + 1
	slot := &j.ring[j.next%int64(len(j.ring))]
	// Each slot keeps its byte buffers, so a full ring records without allocating.
	e.request = append(slot.request[:0], request...)
	e.response = append(slot.response[:0], response...)
	*slot = e
	j.next++
	j.mu.Unlock()
}

func (j *Journal) Clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := range j.ring {
		j.ring[i] = Entry{request: j.ring[i].request[:0], response: j.ring[i].response[:0]}
	}
	j.next = 0
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
	LatencyMS float64         `json:"latency_ms"`
	Request   json.RawMessage `json:"request"`
	Response  json.RawMessage `json:"response"`
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

// handleRequestsList serves GET /_emulator/requests, oldest first, filtered
// by path, item_id, client_id, status and scenario.
func (j *Journal) ServeList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status, _ := strconv.Atoi(q.Get("status"))
	j.mu.Lock()
	n := int64(len(j.ring))
	from := max(int64(0), j.next-n)
	out := []journalJSON{}
	for i := from; i < j.next; i++ {
		e := &j.ring[i%n]
		if (q.Get("path") != "" && e.Path != q.Get("path")) || (q.Get("item_id") != "" && e.ItemID != q.Get("item_id")) ||
			(q.Get("client_id") != "" && e.ClientID != q.Get("client_id")) || (status != 0 && e.Status != status) ||
			(q.Get("scenario") != "" && e.Scenario != q.Get("scenario")) {
			continue
		}
		out = append(out, journalJSON{ID: e.id, At: e.At.UTC().Format(time.RFC3339), Method: e.Method, Path: e.Path, Status: e.Status,
			ClientID: e.ClientID, ItemID: e.ItemID, RequestID: e.RequestID, Scenario: e.Scenario, Rule: e.Rule, Fault: e.Fault,
			LatencyMS: float64(e.Latency.Microseconds()) / 1000, Request: rawOrString(e.request), Response: rawOrString(e.response)})
	}
	recorded := j.next
	j.mu.Unlock()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"requests": out, "recorded": recorded})
}
