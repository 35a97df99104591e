package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
)

// record puts the call in the request journal (status 0 and a fault for
// HTTP-level failures).
func (s *Server) record(c *call, status int, response []byte, fault string) {
	if !s.journal.Enabled() {
		return
	}
	e := chaos.Entry{At: c.Now, Method: c.r.Method, Path: c.r.URL.Path, Status: status, ClientID: c.ClientID,
		RequestID: c.RequestID, Scenario: c.scenario, Rule: c.rule, Fault: fault}
	e.Via, _ = c.r.Context().Value(viaKey{}).(string)
	e.Patch = c.patched
	if !c.start.IsZero() {
		e.Latency = time.Since(c.start)
	}
	switch tok, _ := c.obj["access_token"].(string); {
	case c.ItemID != "":
		e.ItemID = c.ItemID
	case c.info != nil:
		e.ItemID = c.info.ItemID
	case tok != "":
		e.ItemID = s.store.ItemIDFor(tok)
	case c.obj != nil: // a processor or link token's Item
		e.ItemID = c.requestInfo().ItemID
	}
	s.journal.Record(e, c.body, response)
}

// viaKey marks, in a request's context, a call the emulator made itself
// ("dashboard", "program-api"), for the journal: no client can send it.
type viaKey struct{}
