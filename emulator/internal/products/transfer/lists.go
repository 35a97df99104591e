package transfer

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The list endpoints and the magic amounts.

// magic are the amounts whose transfers Sandbox moves along at once
// (https://plaid.com/docs/transfer/sandbox/): the events after pending, and a return's code.
var magic = map[string]struct {
	path []string
	code string
}{
	"11.11": {[]string{"posted", "settled", "funds_available"}, ""},
	"22.22": {[]string{"failed"}, ""},
	"33.33": {[]string{"posted", "settled", "funds_available", "returned"}, "R01"},
	"44.44": {[]string{"posted", "settled", "funds_available", "returned"}, "R02"},
	"55.55": {[]string{"posted", "settled", "funds_available", "returned"}, "R16"},
	"66.66": {[]string{"posted", "settled", "returned"}, "R01"}, // the code is not documented (https://plaid.com/docs/transfer/sandbox/)
}

// runMagicLocked appends the events a magic amount calls for. Callers hold a.mu.
func (a *API) runMagicLocked(t *Transfer, now time.Time) {
	m, ok := magic[t.Amount]
	if !ok {
		return
	}
	for _, ev := range m.path {
		if ev == "funds_available" && t.Type != "debit" {
			continue // ACH debits only
		}
		t.Status = ev
		if ev == "failed" || ev == "returned" {
			t.Failure = failureFor(ev, m.code)
		}
		a.addEventLocked(t, ev, now)
	}
}

// simulatedFailure is failure_reason after a simulated move to status:
// for failed and returned, the request's, else our default (the sources
// give none, https://plaid.com/docs/api/sandbox/#sandboxtransfersimulate: R01 for a return); else current, unchanged.
func simulatedFailure(status string, given, current *Failure) *Failure {
	if status != "failed" && status != "returned" {
		return current
	}
	if given == nil {
		return failureFor(status, "")
	}
	// failure_code and the deprecated ach_return_code are one code (older
	// clients send only the latter); it is set only on a return.
	code := ""
	for _, c := range []*string{given.FailureCode, given.ACHReturnCode} {
		if c != nil && *c != "" && code == "" {
			code = *c
		}
	}
	f := failureFor(status, code)
	if given.Description != "" {
		f.Description = given.Description
	}
	return f
}

// failureFor is failure_reason for a failed or returned transfer:
// failure_code is set if and only if it was returned (https://plaid.com/docs/api/products/transfer/reading-transfers/).
func failureFor(status, code string) *Failure {
	if status != "returned" {
		return &Failure{Description: "The transfer failed before it reached the network"}
	}
	if code == "" {
		code = "R01"
	}
	desc := map[string]string{"R01": "Insufficient funds", "R02": "Account closed", "R16": "Account frozen"}[code]
	if desc == "" {
		desc = "Returned by the receiving bank"
	}
	return &Failure{FailureCode: &code, ACHReturnCode: &code, Description: desc}
}

type listRequest struct {
	product.Credentials
	StartDate            *string `json:"start_date" plaid:"format=date-time"`
	EndDate              *string `json:"end_date" plaid:"format=date-time"`
	Count                *int    `json:"count" plaid:"min=1,max=25"`
	Offset               *int    `json:"offset" plaid:"min=0"`
	OriginationAccountID *string `json:"origination_account_id"`
	OriginatorClientID   *string `json:"originator_client_id"`
	FundingAccountID     *string `json:"funding_account_id"`
}

type listResponse struct {
	Transfers []map[string]any `json:"transfers"`
	wire.Response
}

// HandleList serves POST /transfer/list: the client's transfers created
// within the dates, newest first, count (default 25) from offset.
func (a *API) HandleList(c *product.Call, req *listRequest) (any, *wire.Error) {
	count, offset := paging(req.Count, req.Offset)
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.dueLocked(c.Now)...) // scripted returns come on read
	var all []*Transfer
	for _, t := range a.st.Transfers {
		if t.ClientID == c.ClientID && product.Within(t.Created, req.StartDate, req.EndDate) {
			all = append(all, t)
		}
	}
	byTime(all, true, func(t *Transfer) time.Time { return t.Created }, func(t *Transfer) string { return t.ID })
	return &listResponse{Transfers: page(all, count, offset, func(t *Transfer) map[string]any { return t.json(a.refundsOfLocked(t)) })}, nil
}

type eventListRequest struct {
	product.Credentials
	StartDate            *string  `json:"start_date" plaid:"format=date-time"`
	EndDate              *string  `json:"end_date" plaid:"format=date-time"`
	TransferID           *string  `json:"transfer_id"`
	AccountID            *string  `json:"account_id"`
	TransferType         *string  `json:"transfer_type"`
	EventTypes           []string `json:"event_types"`
	SweepID              *string  `json:"sweep_id"`
	Count                *int     `json:"count" plaid:"min=1,max=25"`
	Offset               *int     `json:"offset" plaid:"min=0"`
	OriginationAccountID *string  `json:"origination_account_id"`
	OriginatorClientID   *string  `json:"originator_client_id"`
	FundingAccountID     *string  `json:"funding_account_id"`
}

// HandleEventList serves POST /transfer/event/list: the client's events
// that match the filters, newest first, count (default 25) from offset.
func (a *API) HandleEventList(c *product.Call, req *eventListRequest) (any, *wire.Error) {
	count, offset := paging(req.Count, req.Offset)
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.dueLocked(c.Now)...) // scripted returns come on read
	out := &eventSyncResponse{TransferEvents: []map[string]any{}}
	skipped := 0
	for i := len(a.st.Events) - 1; i >= 0; i-- {
		e := a.st.Events[i]
		t := a.st.Transfers[e.TransferID]
		switch {
		case e.ClientID != c.ClientID || !product.Within(e.At, req.StartDate, req.EndDate),
			req.TransferID != nil && *req.TransferID != e.TransferID,
			len(req.EventTypes) > 0 && !slices.Contains(req.EventTypes, e.Type),
			req.SweepID != nil && *req.SweepID != e.SweepID:
			continue
		case t == nil && (req.AccountID != nil || req.TransferType != nil): // a sweep's event
			continue
		case t != nil && (req.AccountID != nil && *req.AccountID != t.AccountID || req.TransferType != nil && *req.TransferType != t.Type):
			continue
		}
		if skipped < offset {
			skipped++
			continue
		}
		if len(out.TransferEvents) == count {
			out.HasMore = true
			break
		}
		out.TransferEvents = append(out.TransferEvents, e.json(t))
	}
	return out, nil
}

// sweepMagic are the deposit and withdrawal amounts Sandbox moves along
// at once (https://plaid.com/docs/transfer/sandbox/).
var sweepMagic = map[int64][]string{
	111_11: {"posted", "settled", "funds_available"},
	222_22: {"failed"},
	333_33: {"posted", "settled", "funds_available", "returned"},
	444_44: {"posted", "settled", "returned"},
}

// runSweepMagicLocked appends the events a magic sweep amount calls for
// (funds_available for deposits only). Callers hold a.mu.
func (a *API) runSweepMagicLocked(sw *Sweep, now time.Time) {
	for _, ev := range sweepMagic[sw.Cents] {
		if ev == "funds_available" && !sw.Deposit {
			continue
		}
		if ev == "failed" || ev == "returned" {
			sw.Failure = failureFor(ev, "R01")
		}
		a.sweepEventLocked(sw, ev, now)
	}
}

// traceID is a network_trace_id as the network would give it: an ACH
// trace number (15 digits), an RTP transaction id, or a wire IMAD.
func (a *API) traceID(network string) string {
	u := strings.ReplaceAll(a.door.NewUUID(), "-", "")
	digits := make([]byte, 0, 15)
	for i := 0; len(digits) < 15 && i < len(u); i++ {
		digits = append(digits, '0'+u[i]%10)
	}
	switch network {
	case "rtp":
		return "RTP" + strings.ToUpper(u[:20])
	case "wire":
		return "20260101" + "PLAIDEMU" + string(digits[:6])
	}
	return string(digits)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
