package transfer

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Refunds of debit transfers, paid from the Ledger's available balance
// (https://plaid.com/docs/transfer/refunds/).

// Refund is a refund, as --state keeps it.
type Refund struct {
	ID, TransferID, ClientID string
	Cents                    int64
	Status                   string
	Failure                  *Failure
	Created                  time.Time
	Key                      string // client NUL idempotency_key
	Originator               string `json:",omitempty"` // the transfer's: whose Ledger pays
}

func (r *Refund) json(l *Ledger) map[string]any {
	return map[string]any{"id": r.ID, "transfer_id": r.TransferID, "amount": product.Money(r.Cents), "status": r.Status,
		"failure_reason": r.Failure, "ledger_id": l.ID, "created": r.Created.UTC().Format(time.RFC3339), "network_trace_id": nil}
}

// refundsOfLocked are t's refunds as Transfer.refunds lists them. Callers hold a.mu.
func (a *API) refundsOfLocked(t *Transfer) []map[string]any {
	out := []map[string]any{}
	var rs []*Refund
	for _, r := range a.st.Refunds {
		if r.TransferID == t.ID {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(x, y *Refund) int { return x.Created.Compare(y.Created) })
	l := a.ledgerOfLocked(t.ClientID, t.Originator)
	for _, r := range rs {
		out = append(out, r.json(l))
	}
	return out
}

// refundEventLocked moves a refund to status, with its event and its
// Ledger effect. Callers hold a.mu.
func (a *API) refundEventLocked(r *Refund, status string, now time.Time) {
	l := a.ledgerOfLocked(r.ClientID, r.Originator)
	before := *l
	defer a.noteLedgerLocked(r.ClientID, l, before, "refund", r.ID, "refund "+status, now)
	switch status {
	case "pending":
		l.Available -= r.Cents
	case "failed", "cancelled", "returned":
		l.Available += r.Cents
	}
	r.Status = status
	a.st.Events = append(a.st.Events, Event{ID: len(a.st.Events) + 1, At: now, Type: "refund." + status, TransferID: r.TransferID,
		ClientID: r.ClientID, Failure: r.Failure, RefundID: r.ID, RefundAmt: product.Money(r.Cents)})
}

// refundMagic are the refund amounts Sandbox moves along at once
// (https://plaid.com/docs/transfer/sandbox/).
var refundMagic = map[string][]string{
	"1.11": {"posted", "settled"},
	"2.22": {"failed"},
	"3.33": {"posted", "settled", "returned"},
}

type refundCreateRequest struct {
	product.Credentials
	TransferID     string `json:"transfer_id" plaid:"required"`
	Amount         string `json:"amount" plaid:"required"`
	IdempotencyKey string `json:"idempotency_key" plaid:"required,minlen=1,maxlen=50"`
}

type refundResponse struct {
	Refund map[string]any `json:"refund"`
	wire.Response
}

// HandleRefundCreate serves POST /transfer/refund/create.
func (a *API) HandleRefundCreate(c *product.Call, req *refundCreateRequest) (any, *wire.Error) {
	amt, ok := product.Cents(req.Amount)
	if !ok {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places")
	}
	key := c.ClientID + "\x00" + req.IdempotencyKey
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.st.Refunds {
		if r.Key == key {
			return &refundResponse{Refund: r.json(a.ledgerOfLocked(r.ClientID, r.Originator))}, nil
		}
	}
	t := a.st.Transfers[req.TransferID]
	switch {
	case t == nil || t.ClientID != c.ClientID:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("transfer_id is not a known transfer")
	case t.Type != "debit":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("only debit transfers can be refunded")
	case t.Status == "cancelled" || t.Status == "failed" || t.Status == "returned":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("a %s transfer cannot be refunded", t.Status)
	case c.Now.Sub(t.Created) > 180*24*time.Hour:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the transfer is more than 180 days old")
	}
	l := a.ledgerOfLocked(t.ClientID, t.Originator) // the transfer's Ledger pays
	var refunded int64
	for _, r := range a.st.Refunds {
		if r.TransferID == t.ID && r.Status != "cancelled" && r.Status != "failed" && r.Status != "returned" {
			refunded += r.Cents
		}
	}
	if total, _ := product.Cents(t.Amount); refunded+amt > total {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the refunds would total more than the transfer's %s", t.Amount)
	}
	if l.Available < amt { // the error is undocumented (https://plaid.com/docs/transfer/refunds/)
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the Ledger's available balance of %s does not cover the refund", product.Money(l.Available))
	}
	r := &Refund{ID: a.door.NewUUID(), TransferID: t.ID, ClientID: c.ClientID, Cents: amt, Created: c.Now, Key: key, Originator: t.Originator}
	a.st.Refunds[r.ID] = r
	a.refundEventLocked(r, "pending", c.Now)
	if path, ok := refundMagic[product.Money(amt)]; ok {
		for _, status := range path {
			r.Failure = simulatedFailure(status, nil, r.Failure)
			a.refundEventLocked(r, status, c.Now)
		}
		if au := a.st.Auths[t.AuthorizationID]; au != nil {
			if it, ok := a.door.ItemByID(au.ItemID); ok {
				c.Emit(EventsUpdate{It: it}) // magic paths fire their webhook (https://plaid.com/docs/transfer/sandbox/)
			}
		}
	}
	defer a.door.StateChanged(a.Name())
	return &refundResponse{Refund: r.json(l)}, nil
}

type refundIDRequest struct {
	product.Credentials
	RefundID string `json:"refund_id" plaid:"required"`
}

func (a *API) refundLocked(c *product.Call, id string) (*Refund, *wire.Error) {
	r := a.st.Refunds[id]
	if r == nil || r.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("refund_id is not a known refund")
	}
	return r, nil
}

// HandleRefundGet serves POST /transfer/refund/get.
func (a *API) HandleRefundGet(c *product.Call, req *refundIDRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r, err := a.refundLocked(c, req.RefundID)
	if err != nil {
		return nil, err
	}
	return &refundResponse{Refund: r.json(a.ledgerOfLocked(r.ClientID, r.Originator))}, nil
}

// HandleRefundCancel serves POST /transfer/refund/cancel: only while pending.
func (a *API) HandleRefundCancel(c *product.Call, req *refundIDRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r, err := a.refundLocked(c, req.RefundID)
	if err == nil && r.Status != "pending" {
		err = wire.New(wire.CodeTransferNotCancellable).WithMessage("refund is not cancellable")
	}
	if err != nil {
		return nil, err
	}
	a.refundEventLocked(r, "cancelled", c.Now)
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

// refundNext are the simulated refund events each status accepts.
var refundNext = map[string][]string{
	"pending": {"refund.posted", "refund.failed"},
	"posted":  {"refund.settled", "refund.returned"},
	"settled": {"refund.returned"},
}

type refundSimulateRequest struct {
	product.Credentials
	RefundID      string   `json:"refund_id" plaid:"required"`
	EventType     string   `json:"event_type" plaid:"required"`
	FailureReason *Failure `json:"failure_reason"`
	TestClockID   *string  `json:"test_clock_id"`
	Webhook       *string  `json:"webhook" plaid:"format=url"`
}

// HandleRefundSimulate serves POST /sandbox/transfer/refund/simulate;
// refund.posted needs the transfer settled (https://plaid.com/docs/transfer/refunds/).
func (a *API) HandleRefundSimulate(c *product.Call, req *refundSimulateRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r, err := a.refundLocked(c, req.RefundID)
	if err == nil {
		t := a.st.Transfers[r.TransferID]
		settled := t != nil && (t.Status == "settled" || t.Status == "funds_available")
		if !slices.Contains(refundNext[r.Status], req.EventType) || req.EventType == "refund.posted" && !settled {
			err = wire.New(wire.CodeSandboxTransferEventTransitionInvalid)
		}
	}
	if err != nil {
		return nil, err
	}
	status := strings.TrimPrefix(req.EventType, "refund.")
	r.Failure = simulatedFailure(status, req.FailureReason, r.Failure)
	a.refundEventLocked(r, status, c.Now)
	a.door.StateChanged(a.Name())
	if req.Webhook != nil && *req.Webhook != "" {
		c.Emit(EventsUpdate{To: *req.Webhook})
	}
	return &wire.Response{}, nil
}
