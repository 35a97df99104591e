package transfer

import (
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Guarantee and its repayments: an authorization that asks for a guarantee
// (request_guarantee, or the deprecated with_guarantee) gets one for an
// approved debit; when such a transfer comes back returned, Plaid repays
// the client (by ACH to its business account, not the Ledger). The
// Sandbox's /sandbox/transfer/repayment/simulate makes one repayment of
// every return not repaid yet, less what the client reported recovering
// (/transfer/return/recover).

// Repayment is a Guarantee repayment, as --state keeps it.
type Repayment struct {
	ID, ClientID string
	Created      time.Time
	Cents        int64
	Returns      []RepaidReturn
}

// RepaidReturn is one return a repayment covers.
type RepaidReturn struct {
	TransferID string
	EventID    int
	Cents      int64
}

// guaranteeFor is Sandbox's guarantee decision for an authorization that
// asked for one: an approved debit is guaranteed; else not, and why.
func guaranteeFor(au *Authorization) (string, *Rationale) {
	switch {
	case au.Type != "debit":
		return "NOT_GUARANTEED", &Rationale{"RISK_ESTIMATE_UNAVAILABLE", "Guarantee covers debits only"}
	case au.Decision != "approved":
		return "NOT_GUARANTEED", &Rationale{"RETURN_BANK", "The risk of a bank-initiated return is too high to guarantee this transfer"}
	}
	return "GUARANTEED", nil
}

// returnEventLocked is the id of t's returned event (0: none). Callers hold a.mu.
func (a *API) returnEventLocked(t *Transfer) int {
	for i := len(a.st.Events) - 1; i >= 0; i-- {
		if ev := a.st.Events[i]; ev.TransferID == t.ID && ev.Type == "returned" {
			return ev.ID
		}
	}
	return 0
}

// HandleRepaymentSimulate serves POST /sandbox/transfer/repayment/simulate:
// one repayment of the client's guaranteed returns not repaid yet, or 400
// when there are none.
func (a *API) HandleRepaymentSimulate(c *product.Call, req *product.Credentials) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := &Repayment{ID: a.door.NewUUID(), ClientID: c.ClientID, Created: c.Now}
	var due []*Transfer
	for _, t := range a.st.Transfers {
		if t.ClientID == c.ClientID && t.Guarantee == "GUARANTEED" && t.Status == "returned" && t.RepaymentID == "" {
			due = append(due, t)
		}
	}
	for _, t := range due {
		amt, _ := product.Cents(t.Amount)
		if amt-t.Recovered > 0 {
			r.Returns = append(r.Returns, RepaidReturn{TransferID: t.ID, EventID: a.returnEventLocked(t), Cents: amt - t.Recovered})
			r.Cents += amt - t.Recovered
		}
	}
	if len(r.Returns) == 0 {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("there are no returns of guaranteed transfers waiting to be repaid")
	}
	slices.SortFunc(r.Returns, func(x, y RepaidReturn) int { return x.EventID - y.EventID })
	for _, ret := range r.Returns {
		a.st.Transfers[ret.TransferID].RepaymentID = r.ID
	}
	a.st.Repayments = append(a.st.Repayments, r)
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type repaymentListRequest struct {
	product.Credentials
	StartDate *string `json:"start_date" plaid:"format=date-time"`
	EndDate   *string `json:"end_date" plaid:"format=date-time"`
	Count     *int    `json:"count" plaid:"min=1,max=25"`
	Offset    *int    `json:"offset" plaid:"min=0"`
}

type repaymentListResponse struct {
	Repayments []map[string]any `json:"repayments"`
	wire.Response
}

// HandleRepaymentList serves POST /transfer/repayment/list: the client's
// repayments made between the dates, newest first.
func (a *API) HandleRepaymentList(c *product.Call, req *repaymentListRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var mine []*Repayment
	for i := len(a.st.Repayments) - 1; i >= 0; i-- {
		if r := a.st.Repayments[i]; r.ClientID == c.ClientID && product.Within(r.Created, req.StartDate, req.EndDate) {
			mine = append(mine, r)
		}
	}
	count, offset := paging(req.Count, req.Offset)
	return &repaymentListResponse{Repayments: page(mine, count, offset, func(r *Repayment) map[string]any {
		return map[string]any{"repayment_id": r.ID, "created": product.RFC3339(r.Created), "amount": product.Money(r.Cents), "iso_currency_code": "USD"}
	})}, nil
}

type repaymentReturnListRequest struct {
	product.Credentials
	RepaymentID string `json:"repayment_id" plaid:"required"`
	Count       *int   `json:"count" plaid:"min=1,max=25"`
	Offset      *int   `json:"offset" plaid:"min=0"`
}

type repaymentReturnListResponse struct {
	Returns []map[string]any `json:"repayment_returns"`
	wire.Response
}

// HandleRepaymentReturnList serves POST /transfer/repayment/return/list:
// the returns a repayment covers, oldest first; their amounts sum to it.
func (a *API) HandleRepaymentReturnList(c *product.Call, req *repaymentReturnListRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.st.Repayments {
		if r.ID != req.RepaymentID || r.ClientID != c.ClientID {
			continue
		}
		count, offset := paging(req.Count, req.Offset)
		return &repaymentReturnListResponse{Returns: page(r.Returns, count, offset, func(ret RepaidReturn) map[string]any {
			return map[string]any{"transfer_id": ret.TransferID, "event_id": ret.EventID, "amount": product.Money(ret.Cents), "iso_currency_code": "USD"}
		})}, nil
	}
	return nil, wire.New(wire.CodeInvalidField).WithMessage("repayment_id %q is not a repayment of this client", req.RepaymentID)
}

type returnRecoverRequest struct {
	product.Credentials
	TransferID     string `json:"transfer_id" plaid:"required"`
	Amount         string `json:"amount" plaid:"required"`
	IdempotencyKey string `json:"idempotency_key" plaid:"required,minlen=1,maxlen=50"`
}

// HandleReturnRecover serves POST /transfer/return/recover (plaid-node 47's
// newer spec): money the client recovered of a returned guaranteed
// transfer, once per idempotency_key, never more in all than its amount;
// a repayment not made yet repays the rest only.
func (a *API) HandleReturnRecover(c *product.Call, req *returnRecoverRequest) (any, *wire.Error) {
	amt, ok := product.Cents(req.Amount)
	if !ok {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive decimal string with at most two decimal places, such as \"10.00\"")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	key := c.ClientID + "\x00" + req.IdempotencyKey
	if id, done := a.st.Recoveries[key]; done {
		if id != req.TransferID {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("idempotency_key was used for another transfer's recovery")
		}
		return &wire.Response{}, nil
	}
	t := a.st.Transfers[req.TransferID]
	switch {
	case t == nil || t.ClientID != c.ClientID:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("transfer_id %q is not a transfer of this client", req.TransferID)
	case t.Status != "returned" || t.Guarantee != "GUARANTEED":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("only a returned guaranteed transfer can be recovered; this one is %s", t.Status)
	}
	total, _ := product.Cents(t.Amount)
	if t.Recovered+amt > total {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("recoveries would total %s, more than the transfer's %s", product.Money(t.Recovered+amt), t.Amount)
	}
	t.Recovered += amt
	a.st.Recoveries[key] = t.ID
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}
