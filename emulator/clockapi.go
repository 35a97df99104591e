package emulator

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// itemLifetime is how long a Sandbox Item works before it needs a new login.
const itemLifetime = 30 * 24 * time.Hour

// aged applies Item ageing: a healthy Item 30 days old (emulator clock)
// enters ITEM_LOGIN_REQUIRED, with its webhook. It returns the Item as now.
func (s *Server) aged(it product.Item) product.Item {
	if s.opts.NoItemAgeing || it.Err != nil || s.clock.Now().Sub(it.CreatedAt) < itemLifetime {
		return it
	}
	s.publish(s.setItemState(it.ID, wire.CodeItemLoginRequired))
	if now, ok := s.store.itemByID(it.ID); ok {
		return now
	}
	return it
}

// ageAll applies ageing to every Item (after the clock moves).
func (s *Server) ageAll() {
	for _, it := range s.store.allItems() {
		s.aged(it)
	}
}

// handleClockGet serves GET /_emulator/clock.
func (s *Server) handleClockGet(w http.ResponseWriter, _ *http.Request) {
	wire.WriteJSON(w, http.StatusOK, map[string]any{"now": product.RFC3339(s.clock.Now()), "frozen": s.clock.Frozen()})
}

// handleClockPost serves POST /_emulator/clock: {"advance": "31m"} (a Go
// duration; days as "720h"), {"set": RFC 3339} or {"freeze": true|false}.
// Token expiry, Item ageing and scenario windows follow at once.
func (s *Server) handleClockPost(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Advance *string `json:"advance"`
		Set     *string `json:"set"`
		Freeze  *bool   `json:"freeze"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, wire.MaxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	given := 0
	for _, p := range []bool{req.Advance != nil, req.Set != nil, req.Freeze != nil} {
		if p {
			given++
		}
	}
	if err != nil || given != 1 {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": `send {"advance": "31m"}, {"set": "2026-01-02T15:04:05Z"} or {"freeze": true}`})
		return
	}
	if req.Freeze != nil {
		s.clock.Freeze(*req.Freeze)
		s.handleClockGet(w, r)
		return
	}
	move := func() {}
	if req.Advance != nil {
		d, err := time.ParseDuration(*req.Advance)
		if err != nil || d < 0 {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "advance must be a non-negative Go duration such as 31m or 720h"})
			return
		}
		move = func() { s.clock.Advance(d) }
	} else {
		t, err := time.Parse(time.RFC3339, *req.Set)
		if err != nil {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "set must be an RFC 3339 time such as 2026-01-02T15:04:05Z"})
			return
		}
		move = func() { s.clock.Set(t) }
	}
	// The move and all it brings (ageing, postings, scheduled updates, their
	// webhooks) are one commit under --state: a kill keeps all or none.
	s.atomically(func() {
		move()
		s.ageAll()
		s.postAllDue()
		s.runScheduled()
	})
	s.handleClockGet(w, r)
}

// postAllDue posts every pending row whose day has come (after the clock
// moves), with the webhooks a refresh would send, and returns the
// transfers whose fixture scripts a return by now.
func (s *Server) postAllDue() {
	now := s.clock.Now()
	for _, it := range s.store.allItems() {
		s.publish(s.store.postDueTransactions(it.ID, now))
	}
	for _, m := range s.modules {
		if h, ok := m.(product.ClockHook); ok {
			s.publish(h.Due(now)...)
		}
	}
}
