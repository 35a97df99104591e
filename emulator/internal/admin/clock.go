package admin

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleClockGet serves GET /_emulator/clock.
func (a *API) handleClockGet(w http.ResponseWriter, _ *http.Request) {
	wire.WriteJSON(w, http.StatusOK, map[string]any{"now": product.RFC3339(a.d.Now()), "frozen": a.d.Frozen()})
}

// handleClockPost serves POST /_emulator/clock: {"advance": "31m"} (a Go
// duration; days as "720h"), {"set": RFC 3339} or {"freeze": true|false}.
// Token expiry, Item ageing and scenario windows follow at once.
func (a *API) handleClockPost(w http.ResponseWriter, r *http.Request) {
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
		a.d.Freeze(*req.Freeze)
		a.handleClockGet(w, r)
		return
	}
	var d time.Duration
	var at time.Time
	if req.Advance != nil {
		var err error
		if d, err = time.ParseDuration(*req.Advance); err != nil || d < 0 {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "advance must be a non-negative Go duration such as 31m or 720h"})
			return
		}
	} else {
		var err error
		if at, err = time.Parse(time.RFC3339, *req.Set); err != nil {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "set must be an RFC 3339 time such as 2026-01-02T15:04:05Z"})
			return
		}
	}
	a.d.MoveClock(d, at) // with all it brings, as one change
	a.handleClockGet(w, r)
}
