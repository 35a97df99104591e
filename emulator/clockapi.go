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
	before := s.clock.Now()
	if req.Advance != nil {
		d, err := time.ParseDuration(*req.Advance)
		if err != nil || d < 0 {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "advance must be a non-negative Go duration such as 31m or 720h"})
			return
		}
		s.clock.Advance(d)
	} else {
		t, err := time.Parse(time.RFC3339, *req.Set)
		if err != nil {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "set must be an RFC 3339 time such as 2026-01-02T15:04:05Z"})
			return
		}
		s.clock.Set(t)
	}
	s.ageAll()
	s.postAllDue()
	s.scheduledUpdates(before, s.clock.Now())
	s.handleClockGet(w, r)
}

// updateEvery is how often Plaid updates an Item's transactions, our
// choice within its "several times a day": 4 a day, at 00, 06, 12 and
// 18 h UTC of the emulator clock.
const updateEvery = 6 * time.Hour

// scheduledUpdates runs the updates due between from and to (at most the
// last 8): each a refresh of every Item with ready Transactions, at the
// update's time, sending DEFAULT_UPDATE and, to an Item whose app has used
// /transactions/sync, SYNC_UPDATES_AVAILABLE when rows changed.
func (s *Server) scheduledUpdates(from, to time.Time) {
	if !s.opts.ScheduledUpdates || !to.After(from) {
		return
	}
	first := from.Truncate(updateEvery).Add(updateEvery)
	var due []time.Time
	for t := first; !t.After(to); t = t.Add(updateEvery) {
		if due = append(due, t); len(due) > 8 {
			due = due[1:]
		}
	}
	for _, at := range due {
		for _, it := range s.store.allItems() {
			if it.HasProduct("transactions") {
				s.publish(s.store.refreshTransactions(it.ID, at))
			}
		}
	}
}

// postAllDue posts every pending row whose day has come (after the clock
// moves), with the webhooks a refresh would send, and returns the
// transfers whose fixture scripts a return by now.
func (s *Server) postAllDue() {
	now := s.clock.Now()
	for _, it := range s.store.allItems() {
		s.publish(s.store.postDueTransactions(it.ID, now))
	}
	s.publish(s.transfer.Due(now)...)
}
