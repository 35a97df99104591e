package emulator

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
type journal struct {
	mu   sync.Mutex
	ring []journalEntry
	next int64 // entries ever recorded
}

type journalEntry struct {
	id        int64
	at        time.Time
	method    string
	path      string
	status    int
	clientID  string
	itemID    string
	requestID string
	scenario  string
	rule      string
	fault     string
	latency   time.Duration
	request   []byte
	response  []byte
}

func newJournal(size int) *journal {
	if size < 0 {
		size = 0
	}
	return &journal{ring: make([]journalEntry, size)}
}

// record keeps one exchange (status 0 and a fault for HTTP-level failures).
func (j *journal) record(c *call, status int, response []byte, fault string) {
	if j == nil || len(j.ring) == 0 {
		return
	}
	e := journalEntry{at: c.now, method: c.r.Method, path: c.r.URL.Path, status: status, clientID: c.clientID,
		requestID: c.requestID, scenario: c.scenario, rule: c.rule, fault: fault}
	if !c.start.IsZero() {
		e.latency = time.Since(c.start)
	}
	switch tok, _ := c.obj["access_token"].(string); {
	case c.itemID != "":
		e.itemID = c.itemID
	case c.info != nil:
		e.itemID = c.info.itemID
	case tok != "":
		e.itemID = c.s.store.itemIDFor(tok)
	}
	j.mu.Lock()
	e.id = j.next + 1
	slot := &j.ring[j.next%int64(len(j.ring))]
	// Each slot keeps its byte buffers, so a full ring records without allocating.
	e.request = append(slot.request[:0], c.body...)
	e.response = append(slot.response[:0], response...)
	*slot = e
	j.next++
	j.mu.Unlock()
}

func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := range j.ring {
		j.ring[i] = journalEntry{request: j.ring[i].request[:0], response: j.ring[i].response[:0]}
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
func (s *Server) handleRequestsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status, _ := strconv.Atoi(q.Get("status"))
	j := s.journal
	j.mu.Lock()
	n := int64(len(j.ring))
	from := max(int64(0), j.next-n)
	out := []journalJSON{}
	for i := from; i < j.next; i++ {
		e := &j.ring[i%n]
		if (q.Get("path") != "" && e.path != q.Get("path")) || (q.Get("item_id") != "" && e.itemID != q.Get("item_id")) ||
			(q.Get("client_id") != "" && e.clientID != q.Get("client_id")) || (status != 0 && e.status != status) ||
			(q.Get("scenario") != "" && e.scenario != q.Get("scenario")) {
			continue
		}
		out = append(out, journalJSON{ID: e.id, At: rfc3339(e.at), Method: e.method, Path: e.path, Status: e.status,
			ClientID: e.clientID, ItemID: e.itemID, RequestID: e.requestID, Scenario: e.scenario, Rule: e.rule, Fault: e.fault,
			LatencyMS: float64(e.latency.Microseconds()) / 1000, Request: rawOrString(e.request), Response: rawOrString(e.response)})
	}
	recorded := j.next
	j.mu.Unlock()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"requests": out, "recorded": recorded})
}

// handleRequestsClear serves DELETE /_emulator/requests.
func (s *Server) handleRequestsClear(w http.ResponseWriter, _ *http.Request) {
	s.journal.clear()
	wire.WriteJSON(w, http.StatusOK, map[string]string{"status": "cleared"})
}
