package transfer

import (
	"cmp"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The legacy (pre-Ledger) sweep model that Plaid's Transfer Sandbox guide
// still walks through: /sandbox/transfer/sweep/simulate
// (https://plaid.com/docs/api/sandbox/#sandboxtransfersweepsimulate)
// makes one sweep and moves every transfer of the client one step:
// swept → swept_settled; pending or posted and not yet swept → swept;
// returned after a sweep → return_swept, each with its event naming the
// sweep. Until a client calls it its transfers' sweep_status stays null, as
// the Ledger model has it. The sweep moves no Ledger balance.

type legacySweepSimulateRequest struct {
	product.Credentials
	TestClockID *string `json:"test_clock_id"`
	Webhook     *string `json:"webhook" plaid:"format=url"`
}

type legacySweepSimulateResponse struct {
	Sweep map[string]any `json:"sweep,omitempty"` // none when nothing was swept
	wire.Response
}

// HandleLegacySweepSimulate serves POST /sandbox/transfer/sweep/simulate.
// The sweep's amount is what it moves to the client's funding account:
// the debits swept less the credits, less what return_swept takes back.
// With a test clock, the sweep is made at its virtual time and settles on
// that day, or the next banking day.
func (a *API) HandleLegacySweepSimulate(c *product.Call, req *legacySweepSimulateRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := c.Now
	if id := product.Deref(req.TestClockID, ""); id != "" {
		tc := a.st.Clocks[id]
		if tc == nil || tc.ClientID != c.ClientID {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("test_clock_id is not a test clock of this client")
		}
		now = tc.Virtual
	}
	var mine []*Transfer
	for _, t := range a.st.Transfers {
		if t.ClientID == c.ClientID {
			mine = append(mine, t)
		}
	}
	slices.SortFunc(mine, func(x, y *Transfer) int { return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.ID, y.ID)) })
	type step struct {
		t  *Transfer
		to string
	}
	var steps []step
	var net int64 // to the funding account, in cents
	for _, t := range mine {
		amt, _ := product.Cents(t.Amount)
		if t.Type == "credit" {
			amt = -amt
		}
		switch {
		case t.SweepStatus == "swept" && t.Status == "returned":
			steps, net = append(steps, step{t, "return_swept"}), net-amt
		case t.SweepStatus == "swept":
			steps = append(steps, step{t, "swept_settled"})
		case t.SweepStatus == "" && (t.Status == "pending" || t.Status == "posted"):
			steps, net = append(steps, step{t, "swept"}), net+amt
		}
	}
	if len(steps) == 0 {
		return &legacySweepSimulateResponse{}, nil
	}
	settled := bankingDay(now)
	sw := &Sweep{ID: a.door.NewUUID(), ClientID: c.ClientID, Network: "ach", Deposit: net < 0, Cents: max(net, -net),
		Created: now, Settled: &settled, Status: "settled", Description: "sweep"}
	sw.TraceID = a.traceID(sw.Network)
	a.st.Sweeps[sw.ID] = sw
	for _, s := range steps {
		s.t.SweepStatus = s.to
		a.st.Events = append(a.st.Events, Event{ID: len(a.st.Events) + 1, At: now, Type: s.to, TransferID: s.t.ID, ClientID: c.ClientID,
			SweepID: sw.ID, SweepAmt: sw.amount()})
	}
	a.door.StateChanged(a.Name())
	if req.Webhook != nil && *req.Webhook != "" {
		c.Emit(EventsUpdate{To: *req.Webhook})
	}
	return &legacySweepSimulateResponse{Sweep: sw.json(a.ledgerOfLocked(c.ClientID, ""))}, nil
}
