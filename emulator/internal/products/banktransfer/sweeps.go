package banktransfer

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Sweeps: Plaid settles a client's origination account with its business
// account in sweeps. Here a sweep is made for each client at the first
// moment the emulator clock is on a later UTC day than money moved: the
// net of the day's moves (a posted debit in, a credit out at its creation,
// either back at its failure, cancellation or reversal), positive when it
// goes to the business account. The clock's moves make them, and so does
// every read of sweeps.

// Move is money one change of a transfer moved, until a sweep takes it.
type Move struct {
	At    time.Time
	Cents int64
	Swept bool `json:",omitempty"`
}

// Sweep is a bank transfer sweep, as --state keeps it.
type Sweep struct {
	ID, ClientID string
	Created      time.Time
	Cents        int64
}

// moveLocked records the money t's new status moves. Callers hold a.mu.
func (a *API) moveLocked(t *BankTransfer, now time.Time) {
	amt, _ := product.Cents(t.Amount)
	var c int64
	switch {
	case t.Type == "debit" && t.Status == "posted":
		c = amt
	case t.Type == "debit" && t.Status == "reversed":
		c = -amt
	case t.Type == "credit" && t.Status == "pending":
		c = -amt
	case t.Type == "credit" && t.Status != "posted":
		c = amt // failed, cancelled or reversed: it comes back
	}
	if c != 0 {
		t.Moves = append(t.Moves, Move{At: now, Cents: c})
	}
}

// sweepLocked makes the sweeps due by now. Callers hold a.mu.
func (a *API) sweepLocked(now time.Time) bool {
	today := now.UTC().Truncate(24 * time.Hour)
	due := map[string]int64{}
	var order []string
	for _, t := range a.sortedLocked() {
		for i := range t.Moves {
			m := &t.Moves[i]
			if m.Swept || !m.At.Before(today) {
				continue
			}
			if _, ok := due[t.ClientID]; !ok {
				order = append(order, t.ClientID)
			}
			due[t.ClientID] += m.Cents
			m.Swept = true
		}
	}
	for _, client := range order {
		a.st.Sweeps = append(a.st.Sweeps, &Sweep{ID: a.door.NewUUID(), ClientID: client, Created: today, Cents: due[client]})
	}
	return len(order) > 0
}

// sortedLocked is every transfer in creation order. Callers hold a.mu.
func (a *API) sortedLocked() []*BankTransfer {
	out := make([]*BankTransfer, 0, len(a.st.Transfers))
	for _, t := range a.st.Transfers {
		out = append(out, t)
	}
	slicesSortBySeq(out)
	return out
}

// Due makes the sweeps due as the clock moves (product.ClockHook).
func (a *API) Due(now time.Time) []product.Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sweepLocked(now) {
		a.door.StateChanged(a.Name())
	}
	return nil
}

func (sw *Sweep) json() map[string]any {
	return map[string]any{"id": sw.ID, "created_at": product.RFC3339(sw.Created), "amount": product.Money(sw.Cents), "iso_currency_code": "USD"}
}

type sweepGetRequest struct {
	product.Credentials
	SweepID string `json:"sweep_id" plaid:"required"`
}

type sweepResponse struct {
	Sweep map[string]any `json:"sweep"`
	wire.Response
}

// HandleSweepGet serves POST /bank_transfer/sweep/get.
func (a *API) HandleSweepGet(c *product.Call, req *sweepGetRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sweepLocked(c.Now)
	for _, sw := range a.st.Sweeps {
		if sw.ID == req.SweepID && sw.ClientID == c.ClientID {
			return &sweepResponse{Sweep: sw.json()}, nil
		}
	}
	return nil, wire.New(wire.CodeInvalidField).WithMessage("sweep_id %q is not a sweep of this client", req.SweepID)
}

type sweepListRequest struct {
	product.Credentials
	OriginationAccountID *string `json:"origination_account_id"`
	StartTime            *string `json:"start_time" plaid:"format=date-time"`
	EndTime              *string `json:"end_time" plaid:"format=date-time"`
	Count                *int    `json:"count" plaid:"min=1,max=25"`
}

type sweepListResponse struct {
	Sweeps []map[string]any `json:"sweeps"`
	wire.Response
}

// HandleSweepList serves POST /bank_transfer/sweep/list: the client's
// sweeps in the window, newest first, count at a time (default 25).
func (a *API) HandleSweepList(c *product.Call, req *sweepListRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.checkOriginLocked(c.ClientID, req.OriginationAccountID); err != nil {
		return nil, err
	}
	a.sweepLocked(c.Now)
	out := &sweepListResponse{Sweeps: []map[string]any{}}
	for i := len(a.st.Sweeps) - 1; i >= 0 && len(out.Sweeps) < product.DerefInt(req.Count, 25); i-- {
		if sw := a.st.Sweeps[i]; sw.ClientID == c.ClientID && product.Within(sw.Created, req.StartTime, req.EndTime) {
			out.Sweeps = append(out.Sweeps, sw.json())
		}
	}
	return out, nil
}
