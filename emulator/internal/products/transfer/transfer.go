// Package transfer serves Plaid Transfer's core flow: authorizations
// (/transfer/authorization/create), transfers (/transfer/create, /get,
// /cancel), their events (/transfer/event/sync) and the Sandbox's
// simulation of the money's journey (/sandbox/transfer/simulate,
// /sandbox/transfer/fire_webhook). Its state is the authorizations, the
// transfers and the event log, on the emulator clock.
package transfer

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Door is what Transfer takes from the emulator.
type Door interface {
	// NewUUID draws an id from the id source.
	NewUUID() string
	// StateChanged says a module's state changed (for --state).
	StateChanged(module string)
	// ItemByID is a copy of an Item whoever owns it.
	ItemByID(id string) (product.Item, bool)
	// UpdateItemByID changes an Item under the store's lock (a payment
	// profile's login reset).
	UpdateItemByID(id string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error)
}

// Authorization is a /transfer/authorization/create result, as --state keeps it.
type Authorization struct {
	ID, ClientID, ItemID, AccountID string
	Created, Expires                time.Time
	Decision                        string
	Rationale                       *Rationale
	Type, Network, Amount           string
	ACHClass                        *string
	User                            json.RawMessage // the request's user, for proposed_transfer
	IdempotencyKey                  string
	TransferID                      string // the transfer made from it ("" until then)
	Cancelled                       bool   // by /transfer/authorization/cancel
	Originator                      string `json:",omitempty"` // originator_client_id
	// Guarantee is guarantee_decision when one was asked for ("": null), and
	// GuaranteeWhy its rationale (repayments.go).
	Guarantee    string     `json:",omitempty"`
	GuaranteeWhy *Rationale `json:",omitempty"`
}

// Rationale is decision_rationale.
type Rationale struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Transfer is a transfer, as --state keeps it.
type Transfer struct {
	ID, ClientID, AuthorizationID, AccountID string
	Type, Network, Amount, Description       string
	ACHClass                                 *string
	User                                     json.RawMessage
	Created                                  time.Time
	Status                                   string
	Last                                     string // the newest event's type (the Ledger moves from it)
	Failure                                  *Failure
	Metadata                                 map[string]string
	RecurringID                              string // made by a recurring transfer
	TraceID                                  string // network_trace_id, once posted
	// ReturnAt and ReturnCode are a return the account's fixture scripts.
	ReturnAt   time.Time `json:",omitzero"`
	ReturnCode string    `json:",omitempty"`
	Originator string    `json:",omitempty"` // originator_client_id: its Ledger moves
	// SweepStatus is the legacy sweep model's ("": null, until the client
	// simulates a sweep; legacysweep.go).
	SweepStatus string `json:",omitempty"`
	// Guarantee is the authorization's guarantee_decision; RepaymentID the
	// repayment that repaid its return, Recovered what the client reported
	// recovering of it, in cents (repayments.go).
	Guarantee    string     `json:",omitempty"`
	GuaranteeWhy *Rationale `json:",omitempty"`
	RepaymentID  string     `json:",omitempty"`
	Recovered    int64      `json:",omitempty"`
}

// Failure is failure_reason.
type Failure struct {
	FailureCode   *string `json:"failure_code"`
	ACHReturnCode *string `json:"ach_return_code"`
	Description   string  `json:"description"`
}

// Event is one entry of the event log.
type Event struct {
	ID         int
	At         time.Time
	Type       string // pending, cancelled, failed, posted, settled, funds_available, returned
	TransferID string
	ClientID   string
	Failure    *Failure
	SweepID    string // a sweep's event: TransferID is ""
	SweepAmt   string
	RefundID   string // a refund's event: the transfer's, with the refund's amount
	RefundAmt  string
}

// API is Transfer's state.
type API struct {
	door Door
	mu   sync.Mutex
	st   state
}

type state struct {
	Auths     map[string]*Authorization
	Transfers map[string]*Transfer
	Events    []Event
	Keys      map[string]string  // client NUL idempotency_key → authorization id
	Ledgers   map[string]*Ledger // by client
	Sweeps    map[string]*Sweep
	Refunds   map[string]*Refund
	// LedgerEvents are the Ledgers' balance changes, oldest first.
	LedgerEvents []LedgerEvent
	Recurring    map[string]*Recurring
	Clocks       map[string]*TestClock
	// Scripted are the transfers with a scripted return still to come.
	Scripted []string
	// Originators are the platforms' originators, by client NUL id.
	Originators map[string]*Originator
	// Distributed are the client NUL idempotency_key of distributions made.
	Distributed []string
	// Intents are Transfer UI's intents (intents.go).
	Intents map[string]*Intent
	// Repayments are Guarantee's, oldest first; Recoveries the recoveries
	// reported, by client NUL idempotency_key (repayments.go).
	Repayments []*Repayment
	Recoveries map[string]string
	// Documents are the diligence documents uploaded (documents.go).
	Documents []*Document
	// Profiles are the payment profiles, by token (profiles.go).
	Profiles map[string]*Profile
}

func New(door Door) *API {
	a := &API{door: door}
	a.Reset()
	return a
}

// Reset forgets every authorization, transfer and event.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = state{Auths: map[string]*Authorization{}, Transfers: map[string]*Transfer{}, Keys: map[string]string{}, Ledgers: map[string]*Ledger{}, Sweeps: map[string]*Sweep{}, Refunds: map[string]*Refund{},
		Recurring: map[string]*Recurring{}, Clocks: map[string]*TestClock{}, Originators: map[string]*Originator{}, Intents: map[string]*Intent{}, Recoveries: map[string]string{}, Profiles: map[string]*Profile{}}
}

// Snapshot is the whole state, as JSON, for --state.
func (a *API) Snapshot() ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return json.Marshal(a.st)
}

// Restore replaces the state with a saved one.
func (a *API) Restore(data []byte) error {
	st, err := decodeState(data)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = st
	return nil
}

// Rewind replaces the state with an earlier one (a named snapshot), but
// event ids handed out since stay taken: their places are kept, hidden, so
// the next event gets an id no client has seen and a client paging with
// after_id misses nothing.
func (a *API) Rewind(data []byte) error {
	st, err := decodeState(data)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := len(st.Events); i < len(a.st.Events); i++ {
		st.Events = append(st.Events, Event{ID: i + 1, At: a.st.Events[i].At})
	}
	for i := len(st.LedgerEvents); i < len(a.st.LedgerEvents); i++ {
		st.LedgerEvents = append(st.LedgerEvents, LedgerEvent{ID: i + 1, At: a.st.LedgerEvents[i].At})
	}
	a.st = st
	return nil
}

// decodeState reads a saved state, every map made.
func decodeState(data []byte) (state, error) {
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return st, err
	}
	if st.Auths == nil {
		st.Auths = map[string]*Authorization{}
	}
	if st.Transfers == nil {
		st.Transfers = map[string]*Transfer{}
	}
	if st.Keys == nil {
		st.Keys = map[string]string{}
	}
	if st.Ledgers == nil {
		st.Ledgers = map[string]*Ledger{}
	}
	if st.Sweeps == nil {
		st.Sweeps = map[string]*Sweep{}
	}
	if st.Refunds == nil {
		st.Refunds = map[string]*Refund{}
	}
	if st.Recurring == nil {
		st.Recurring = map[string]*Recurring{}
	}
	if st.Clocks == nil {
		st.Clocks = map[string]*TestClock{}
	}
	if st.Originators == nil {
		st.Originators = map[string]*Originator{}
	}
	if st.Intents == nil {
		st.Intents = map[string]*Intent{}
	}
	if st.Recoveries == nil {
		st.Recoveries = map[string]string{}
	}
	if st.Profiles == nil {
		st.Profiles = map[string]*Profile{}
	}
	return st, nil
}

// addEventLocked logs an event about t. Callers hold a.mu.
func (a *API) addEventLocked(t *Transfer, typ string, now time.Time) Event {
	l := a.ledgerOfLocked(t.ClientID, t.Originator)
	before := *l
	a.moveLocked(t, t.Last, typ)
	if typ == "posted" && t.TraceID == "" {
		t.TraceID = a.traceID(t.Network)
	}
	a.noteLedgerLocked(t.ClientID, l, before, "transfer", t.ID, t.Type+" "+typ, now)
	t.Last = typ
	ev := Event{ID: len(a.st.Events) + 1, At: now, Type: typ, TransferID: t.ID, ClientID: t.ClientID, Failure: t.Failure}
	a.st.Events = append(a.st.Events, ev)
	return ev
}

// eventJSON is a TransferEvent (t is nil for a sweep's).
func (e Event) json(t *Transfer) map[string]any {
	if t == nil {
		return map[string]any{
			"event_id": e.ID, "timestamp": e.At.UTC().Format(time.RFC3339), "event_type": e.Type, "funding_account_id": nil,
			"ledger_id": nil, "transfer_id": "", "origination_account_id": nil, "failure_reason": e.Failure, "sweep_id": e.SweepID,
			"sweep_amount": e.SweepAmt, "refund_id": nil, "originator_client_id": nil, "intent_id": nil, "wire_return_fee": nil,
		}
	}
	amount, refund := t.Amount, any(nil)
	if e.RefundID != "" { // the refund's amount, as a positive value (https://plaid.com/docs/transfer/reconciling-transfers/)
		amount, refund = e.RefundAmt, e.RefundID
	}
	return map[string]any{
		"event_id": e.ID, "timestamp": e.At.UTC().Format(time.RFC3339), "event_type": e.Type, "account_id": t.AccountID,
		"funding_account_id": nil, "ledger_id": nil, "transfer_id": e.TransferID, "origination_account_id": "",
		"transfer_type": t.Type, "transfer_amount": amount, "failure_reason": e.Failure, "sweep_id": nilIfEmpty(e.SweepID), "sweep_amount": nilIfEmpty(e.SweepAmt),
		"refund_id": refund, "originator_client_id": nilIfEmpty(t.Originator), "intent_id": nil, "wire_return_fee": nil,
	}
}

// transferJSON is a Transfer.
func (t *Transfer) json(refunds []map[string]any) map[string]any {
	var recurring any
	if t.RecurringID != "" {
		recurring = t.RecurringID
	}
	md := any(nil)
	if t.Metadata != nil {
		md = t.Metadata
	}
	settle, standard, unauthorized, funds := t.dates()
	return map[string]any{
		"id": t.ID, "authorization_id": t.AuthorizationID, "ach_class": t.ACHClass, "account_id": t.AccountID,
		"funding_account_id": nil, "ledger_id": nil, "type": t.Type, "user": userInResponse(t.User), "amount": t.Amount,
		"description": t.Description, "created": t.Created.UTC().Format(time.RFC3339), "status": t.Status, "sweep_status": nilIfEmpty(t.SweepStatus),
		"network": t.Network, "wire_details": nil, "cancellable": t.Status == "pending", "failure_reason": t.Failure,
		"metadata": md, "origination_account_id": "", "guarantee_decision": nilIfEmpty(t.Guarantee), "guarantee_decision_rationale": t.GuaranteeWhy,
		"iso_currency_code": "USD", "standard_return_window": standard, "unauthorized_return_window": unauthorized,
		"expected_settlement_date": settle, "expected_funds_available_date": funds, "originator_client_id": nilIfEmpty(t.Originator), "refunds": refunds,
		"recurring_transfer_id": recurring, "expected_sweep_settlement_schedule": []any{}, "credit_funds_source": nil,
		"network_trace_id": nilIfEmpty(t.TraceID),
	}
}

// userInResponse is TransferUserInResponse from the request's user.
func userInResponse(raw json.RawMessage) map[string]any {
	var u map[string]any
	_ = json.Unmarshal(raw, &u)
	out := map[string]any{"legal_name": "", "phone_number": nil, "email_address": nil, "address": nil}
	for _, k := range []string{"legal_name", "phone_number", "email_address", "address"} {
		if v, ok := u[k]; ok {
			out[k] = v
		}
	}
	return out
}

// available is an account's available balance (its current when unknown).
func available(a product.Account) float64 {
	switch {
	case a.Balances.Available != nil:
		return *a.Balances.Available
	case a.Balances.Current != nil:
		return *a.Balances.Current
	}
	return 0
}
