package transfer

import (
	"strconv"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The Ledger's history: one entry each time a transfer, sweep or refund
// moves a balance (/transfer/ledger/event/list).

// LedgerEvent is a change of a Ledger's balances, as --state keeps it.
type LedgerEvent struct {
	ID                 int
	ClientID           string
	At                 time.Time
	Amount             int64 // the change of available plus pending
	Source, SourceID   string
	Description        string
	Pending, Available int64  // after the change
	LedgerID           string `json:",omitempty"` // which of the client's Ledgers ("": its own, in older states)
}

// noteLedgerLocked records what changed l since before. Callers hold a.mu.
func (a *API) noteLedgerLocked(clientID string, l *Ledger, before Ledger, source, id, desc string, now time.Time) {
	if l.Available == before.Available && l.Pending == before.Pending {
		return
	}
	a.st.LedgerEvents = append(a.st.LedgerEvents, LedgerEvent{ID: len(a.st.LedgerEvents) + 1, ClientID: clientID, At: now,
		Amount: (l.Available - before.Available) + (l.Pending - before.Pending), Source: source, SourceID: id, Description: desc,
		Pending: l.Pending, Available: l.Available, LedgerID: l.ID})
}

func (e LedgerEvent) json(ledgerID string) map[string]any {
	out := map[string]any{"ledger_event_id": strconv.Itoa(e.ID), "ledger_id": ledgerID, "amount": product.Money(e.Amount),
		"transfer_id": nil, "refund_id": nil, "sweep_id": nil, "description": e.Description, "pending_balance": product.Money(e.Pending),
		"available_balance": product.Money(e.Available), "type": e.Source, "timestamp": e.At.UTC().Format(time.RFC3339)}
	if e.Source != "distribution" {
		out[e.Source+"_id"] = e.SourceID
	}
	return out
}

type ledgerEventListRequest struct {
	product.Credentials
	OriginatorClientID *string `json:"originator_client_id"`
	StartDate          *string `json:"start_date" plaid:"format=date-time"`
	EndDate            *string `json:"end_date" plaid:"format=date-time"`
	LedgerID           *string `json:"ledger_id"`
	LedgerEventID      *string `json:"ledger_event_id"`
	SourceType         *string `json:"source_type"`
	SourceID           *string `json:"source_id"`
	Count              *int    `json:"count" plaid:"min=1,max=25"`
	Offset             *int    `json:"offset" plaid:"min=0"`
}

type ledgerEventListResponse struct {
	LedgerEvents []map[string]any `json:"ledger_events"`
	HasMore      bool             `json:"has_more"`
	wire.Response
}

// HandleLedgerEventList serves POST /transfer/ledger/event/list: newest
// first, filtered by source (TRANSFER, SWEEP, REFUND), its id, an event
// id and dates; count (default 25) from offset.
func (a *API) HandleLedgerEventList(c *product.Call, req *ledgerEventListRequest) (any, *wire.Error) {
	count, offset := paging(req.Count, req.Offset)
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.dueLocked(c.Now)...) // scripted returns come on read
	l, err := a.pickLedgerLocked(c, req.LedgerID, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	out := &ledgerEventListResponse{LedgerEvents: []map[string]any{}}
	skipped := 0
	for i := len(a.st.LedgerEvents) - 1; i >= 0; i-- {
		e := a.st.LedgerEvents[i]
		switch {
		case e.ClientID != c.ClientID || (e.LedgerID != l.ID && (e.LedgerID != "" || l.Originator != "")) || !product.Within(e.At, req.StartDate, req.EndDate),
			req.SourceType != nil && *req.SourceType != "" && !strings.EqualFold(*req.SourceType, e.Source),
			req.SourceID != nil && *req.SourceID != e.SourceID,
			req.LedgerEventID != nil && *req.LedgerEventID != strconv.Itoa(e.ID):
			continue
		}
		if skipped < offset {
			skipped++
			continue
		}
		if len(out.LedgerEvents) == count {
			out.HasMore = true
			break
		}
		out.LedgerEvents = append(out.LedgerEvents, e.json(l.ID))
	}
	return out, nil
}
