package transfer

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Ledger deposits and withdrawals: sweeps between the Ledger and the
// client's funding account (https://plaid.com/docs/api/products/transfer/ledger/). A deposit's amount reads as
// on the client's bank statement: negative.

// Sweep is a deposit or withdrawal, as --state keeps it.
type Sweep struct {
	ID, ClientID, Network, Description string
	Deposit                            bool
	Cents                              int64 // positive
	Created                            time.Time
	Settled                            *time.Time
	Status                             string
	Failure                            *Failure
	Key                                string // client NUL idempotency_key
	TraceID                            string // network_trace_id, once posted
	Originator                         string `json:",omitempty"` // whose Ledger ("": the client's)
}

func (sw *Sweep) amount() string {
	if sw.Deposit {
		return product.Money(-sw.Cents)
	}
	return product.Money(sw.Cents)
}

func (sw *Sweep) json(l *Ledger) map[string]any {
	var settled any
	if sw.Settled != nil {
		settled = sw.Settled.UTC().Format(time.DateOnly)
	}
	desc := sw.Description
	return map[string]any{
		"id": sw.ID, "funding_account_id": l.FundingAccountID, "ledger_id": l.ID, "created": sw.Created.UTC().Format(time.RFC3339),
		"amount": sw.amount(), "iso_currency_code": "USD", "settled": settled, "expected_funds_available_date": nil,
		"status": sw.Status, "trigger": "manual", "description": desc, "network_trace_id": nilIfEmpty(sw.TraceID), "failure_reason": sw.Failure,
	}
}

// sweepEventLocked logs a sweep's event and moves the Ledger. Callers hold a.mu.
func (a *API) sweepEventLocked(sw *Sweep, status string, now time.Time) {
	l := a.ledgerOfLocked(sw.ClientID, sw.Originator)
	before := *l
	defer func() {
		kind := map[bool]string{true: "deposit", false: "withdrawal"}[sw.Deposit]
		a.noteLedgerLocked(sw.ClientID, l, before, "sweep", sw.ID, kind+" "+status, now)
	}()
	from := sw.Status
	sw.Status = status
	if status == "posted" && sw.TraceID == "" {
		sw.TraceID = a.traceID(sw.Network)
	}
	switch {
	case sw.Deposit && status == "pending":
		l.Pending += sw.Cents
	case sw.Deposit && status == "funds_available":
		l.Pending -= sw.Cents
		l.Available += sw.Cents
	case sw.Deposit && (status == "failed" || status == "returned") && from != "funds_available":
		l.Pending -= sw.Cents
	case sw.Deposit && status == "returned":
		l.Available -= sw.Cents
	case !sw.Deposit && status == "pending":
		l.Available -= sw.Cents
	case !sw.Deposit && (status == "failed" || status == "returned"):
		l.Available += sw.Cents
	}
	if status == "settled" {
		t := now
		sw.Settled = &t
	}
	a.st.Events = append(a.st.Events, Event{ID: len(a.st.Events) + 1, At: now, Type: "sweep." + status, ClientID: sw.ClientID,
		Failure: sw.Failure, SweepID: sw.ID, SweepAmt: sw.amount()})
}

type sweepCreateRequest struct {
	product.Credentials
	Amount             string  `json:"amount" plaid:"required"`
	IdempotencyKey     string  `json:"idempotency_key" plaid:"required,minlen=1,maxlen=50"`
	Network            string  `json:"network" plaid:"required"`
	Description        *string `json:"description"`
	LedgerID           *string `json:"ledger_id"`
	FundingAccountID   *string `json:"funding_account_id"`
	OriginatorClientID *string `json:"originator_client_id"`
}

type sweepResponse struct {
	Sweep map[string]any `json:"sweep"`
	wire.Response
}

// HandleDeposit serves POST /transfer/ledger/deposit.
func (a *API) HandleDeposit(c *product.Call, req *sweepCreateRequest) (any, *wire.Error) {
	return a.sweep(c, req, true)
}

// HandleWithdraw serves POST /transfer/ledger/withdraw: no more than the
// available balance.
func (a *API) HandleWithdraw(c *product.Call, req *sweepCreateRequest) (any, *wire.Error) {
	return a.sweep(c, req, false)
}

func (a *API) sweep(c *product.Call, req *sweepCreateRequest, deposit bool) (any, *wire.Error) {
	amt, ok := product.Cents(req.Amount)
	if !ok {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places")
	}
	key := c.ClientID + "\x00" + req.IdempotencyKey
	a.mu.Lock()
	defer a.mu.Unlock()
	l, err := a.pickLedgerLocked(c, req.LedgerID, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	for _, sw := range a.st.Sweeps {
		if sw.Key == key {
			out := &sweepResponse{Sweep: sw.json(l)}
			return out, nil
		}
	}
	if !deposit && l.Available < amt {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount is more than the Ledger's available balance of %s", product.Money(l.Available))
	}
	sw := &Sweep{ID: a.door.NewUUID(), ClientID: c.ClientID, Network: req.Network, Deposit: deposit, Cents: amt, Created: c.Now, Key: key, Originator: l.Originator}
	if req.Description != nil {
		sw.Description = *req.Description
	}
	a.st.Sweeps[sw.ID] = sw
	a.sweepEventLocked(sw, "pending", c.Now)
	a.runSweepMagicLocked(sw, c.Now)
	out := &sweepResponse{Sweep: sw.json(l)}
	a.door.StateChanged(a.Name())
	return out, nil
}

// sweepNext are the simulated sweep events each status accepts.
var sweepNext = map[string][]string{
	"pending": {"sweep.posted", "sweep.failed"},
	"posted":  {"sweep.settled", "sweep.returned"},
	"settled": {"sweep.returned"},
}

type sweepSimulateRequest struct {
	product.Credentials
	SweepID       string   `json:"sweep_id" plaid:"required"`
	EventType     string   `json:"event_type" plaid:"required"`
	FailureReason *Failure `json:"failure_reason"`
}

// HandleDepositSimulate serves POST /sandbox/transfer/ledger/deposit/simulate.
func (a *API) HandleDepositSimulate(c *product.Call, req *sweepSimulateRequest) (any, *wire.Error) {
	return a.simulateSweep(c, req, true)
}

// HandleWithdrawSimulate serves POST /sandbox/transfer/ledger/withdraw/simulate.
func (a *API) HandleWithdrawSimulate(c *product.Call, req *sweepSimulateRequest) (any, *wire.Error) {
	return a.simulateSweep(c, req, false)
}

func (a *API) simulateSweep(c *product.Call, req *sweepSimulateRequest, deposit bool) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	sw := a.st.Sweeps[req.SweepID]
	if sw == nil || sw.ClientID != c.ClientID || sw.Deposit != deposit {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("sweep_id is not a known %s", map[bool]string{true: "deposit", false: "withdrawal"}[deposit])
	}
	if !slices.Contains(sweepNext[sw.Status], req.EventType) {
		return nil, wire.New(wire.CodeSandboxTransferEventTransitionInvalid) // undocumented for sweeps (https://plaid.com/docs/api/products/transfer/ledger/)
	}
	status := strings.TrimPrefix(req.EventType, "sweep.")
	sw.Failure = simulatedFailure(status, req.FailureReason, sw.Failure)
	a.sweepEventLocked(sw, status, c.Now)
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type sweepGetRequest struct {
	product.Credentials
	SweepID string `json:"sweep_id" plaid:"required"`
}

// HandleSweepGet serves POST /transfer/sweep/get: by the whole id or its
// first 8 characters.
func (a *API) HandleSweepGet(c *product.Call, req *sweepGetRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, sw := range a.st.Sweeps {
		if sw.ClientID == c.ClientID && (sw.ID == req.SweepID || len(req.SweepID) == 8 && strings.HasPrefix(sw.ID, req.SweepID)) {
			return &sweepResponse{Sweep: sw.json(a.ledgerOfLocked(sw.ClientID, sw.Originator))}, nil
		}
	}
	return nil, wire.New(wire.CodeNotFound).WithMessage("no sweep was found")
}

type sweepListRequest struct {
	product.Credentials
	StartDate          *string `json:"start_date" plaid:"format=date-time"`
	EndDate            *string `json:"end_date" plaid:"format=date-time"`
	Count              *int    `json:"count" plaid:"min=1,max=25"`
	Offset             *int    `json:"offset" plaid:"min=0"`
	Amount             *string `json:"amount"`
	Status             *string `json:"status"`
	OriginatorClientID *string `json:"originator_client_id"`
	FundingAccountID   *string `json:"funding_account_id"`
	TransferID         *string `json:"transfer_id"`
	Trigger            *string `json:"trigger"`
}

type sweepListResponse struct {
	Sweeps []map[string]any `json:"sweeps"`
	wire.Response
}

// HandleSweepList serves POST /transfer/sweep/list: newest first.
func (a *API) HandleSweepList(c *product.Call, req *sweepListRequest) (any, *wire.Error) {
	count, offset := paging(req.Count, req.Offset)
	a.mu.Lock()
	defer a.mu.Unlock()
	var all []*Sweep
	for _, sw := range a.st.Sweeps {
		switch {
		case sw.ClientID != c.ClientID || !product.Within(sw.Created, req.StartDate, req.EndDate),
			req.Amount != nil && *req.Amount != sw.amount(),
			req.Status != nil && *req.Status != sw.Status,
			req.Trigger != nil && *req.Trigger != "manual",
			req.TransferID != nil:
			continue
		}
		all = append(all, sw)
	}
	byTime(all, true, func(sw *Sweep) time.Time { return sw.Created }, func(sw *Sweep) string { return sw.ID })
	return &sweepListResponse{Sweeps: page(all, count, offset, func(sw *Sweep) map[string]any { return sw.json(a.ledgerOfLocked(sw.ClientID, sw.Originator)) })}, nil
}
