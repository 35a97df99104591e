package transfer

import (
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The Plaid Ledger: each client's default Ledger, its available and
// pending balances in cents, moved by its transfers (https://plaid.com/docs/api/products/transfer/ledger/). A new
// Ledger holds $100 available, as Plaid's Sandbox guide says (a 2023
// quickstart change says unfunded: we follow the guide).

const startingLedger = 100_00

// Ledger is a client's default Ledger, or one of its originators', as
// --state keeps it.
type Ledger struct {
	ID, FundingAccountID string
	Available, Pending   int64  // cents
	Originator           string `json:",omitempty"` // "" for the client's own
}

// ledgerLocked is the client's own Ledger, made on first use. Callers hold a.mu.
func (a *API) ledgerLocked(clientID string) *Ledger { return a.ledgerOfLocked(clientID, "") }

// ledgerOfLocked is the Ledger of the client's originator ("": the
// client's own), made on first use: the client's own starts with $100,
// an originator's with nothing (the platform distributes to it). Callers
// hold a.mu.
func (a *API) ledgerOfLocked(clientID, originator string) *Ledger {
	key := clientID
	if originator != "" {
		key += "\x00" + originator
	}
	l := a.st.Ledgers[key]
	if l == nil {
		l = &Ledger{ID: a.door.NewUUID(), FundingAccountID: a.door.NewUUID(), Originator: originator}
		if originator == "" {
			l.Available = startingLedger
		}
		a.st.Ledgers[key] = l
	}
	return l
}

// pickLedgerLocked is the Ledger a request names, by ledger_id or its
// originator_client_id (neither: the client's own). Callers hold a.mu.
func (a *API) pickLedgerLocked(c *product.Call, ledgerID, originator *string) (*Ledger, *wire.Error) {
	if originator != nil && *originator != "" {
		if _, err := a.originatorLocked(c, *originator); err != nil {
			return nil, err
		}
		l := a.ledgerOfLocked(c.ClientID, *originator)
		if ledgerID != nil && *ledgerID != "" && *ledgerID != l.ID {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("ledger_id is not the originator's Ledger")
		}
		return l, nil
	}
	if ledgerID == nil || *ledgerID == "" {
		return a.ledgerLocked(c.ClientID), nil
	}
	own := a.ledgerLocked(c.ClientID)
	if *ledgerID == own.ID {
		return own, nil
	}
	for key, l := range a.st.Ledgers {
		if l.ID == *ledgerID && strings.HasPrefix(key, c.ClientID+"\x00") {
			return l, nil
		}
	}
	return nil, wire.New(wire.CodeInvalidField).WithMessage("ledger_id is not one of this client's Ledgers")
}

// moveLocked applies what t reaching status does to its Ledger (the
// reference's table): from is the status it leaves ("" at creation).
// Callers hold a.mu.
func (a *API) moveLocked(t *Transfer, from, to string) {
	amt, _ := product.Cents(t.Amount)
	l := a.ledgerOfLocked(t.ClientID, t.Originator)
	if t.Type == "debit" {
		switch {
		case to == "pending":
			l.Pending += amt
		case to == "funds_available":
			l.Pending -= amt
			l.Available += amt
		case (to == "returned" && from != "funds_available") || to == "failed" || to == "cancelled":
			l.Pending -= amt
		case to == "returned":
			l.Available -= amt // may go negative (https://plaid.com/docs/api/products/transfer/ledger/)
		}
		return
	}
	switch to {
	case "pending":
		l.Available -= amt
	case "returned", "failed", "cancelled":
		l.Available += amt
	}
}

type ledgerRequest struct {
	product.Credentials
	LedgerID           *string `json:"ledger_id"`
	OriginatorClientID *string `json:"originator_client_id"`
	TestClockID        *string `json:"test_clock_id"`
	Webhook            *string `json:"webhook" plaid:"format=url"`
}

type ledgerGetResponse struct {
	LedgerID  string `json:"ledger_id"`
	Name      string `json:"name"`
	IsDefault bool   `json:"is_default"`
	Balance   struct {
		Available string `json:"available"`
		Pending   string `json:"pending"`
	} `json:"balance"`
	wire.Response
}

// HandleLedgerGet serves POST /transfer/ledger/get: the Ledger named by
// ledger_id or originator_client_id, else the client's default one.
func (a *API) HandleLedgerGet(c *product.Call, req *ledgerRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.dueLocked(c.Now)...) // scripted returns come on read
	l, err := a.pickLedgerLocked(c, req.LedgerID, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	out := &ledgerGetResponse{LedgerID: l.ID, Name: "Default Ledger", IsDefault: true}
	if l.Originator != "" {
		out.Name = "Ledger of " + l.Originator
	}
	out.Balance.Available, out.Balance.Pending = product.Money(l.Available), product.Money(l.Pending)
	return out, nil
}

// HandleSimulateAvailable serves POST /sandbox/transfer/ledger/simulate_available:
// each settled debit and deposit reaches funds_available, with its event,
// and its amount moves from pending to available. What has not settled
// stays pending (so a later funds_available moves it once).
func (a *API) HandleSimulateAvailable(c *product.Call, req *ledgerRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l, err := a.pickLedgerLocked(c, req.LedgerID, req.OriginatorClientID)
	if err != nil {
		return nil, err
	}
	for _, t := range a.st.Transfers {
		if t.ClientID == c.ClientID && t.Originator == l.Originator && t.Type == "debit" && t.Status == "settled" {
			t.Status = "funds_available"
			a.addEventLocked(t, "funds_available", c.Now)
		}
	}
	for _, sw := range a.st.Sweeps {
		if sw.ClientID == c.ClientID && sw.Originator == l.Originator && sw.Deposit && sw.Status == "settled" {
			a.sweepEventLocked(sw, "funds_available", c.Now)
		}
	}
	a.door.StateChanged(a.Name())
	if req.Webhook != nil && *req.Webhook != "" {
		c.Emit(EventsUpdate{To: *req.Webhook})
	}
	return &wire.Response{}, nil
}
