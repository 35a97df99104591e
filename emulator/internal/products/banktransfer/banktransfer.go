// Package banktransfer serves Plaid's legacy Bank Transfers
// (/bank_transfer/*, /processor/bank_transfer/create and its Sandbox
// simulation), the product Transfer replaced, still in the spec and in
// existing integrations. A transfer is made in one call, moves through
// pending → posted → reversed (or failed, cancelled) by simulation, and
// logs an event per change after its creation, numbered per client; the origination
// account's balance follows from the transfers. Its state is the
// transfers, their events and the idempotency keys, on the emulator clock.
package banktransfer

import (
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Door is what Bank Transfers take from the emulator.
type Door interface {
	// NewUUID draws an id from the id source.
	NewUUID() string
	// StateChanged says a module's state changed (for --state).
	StateChanged(module string)
	// CreateItem logs in (logins.Login) and stores a new Item of clientID's.
	CreateItem(clientID string, now time.Time, n logins.NewItem) (product.Item, *wire.Error)
	// IssuePublicToken and Exchange give the new Item its access token.
	IssuePublicToken(clientID, itemID string, now time.Time) (string, time.Time)
	Exchange(clientID, publicToken string, now time.Time) (product.Item, *wire.Error)
}

// BankTransfer is a bank transfer, as --state keeps it.
type BankTransfer struct {
	ID, ClientID, ItemID, AccountID    string
	Type, Network, Amount, Description string
	ACHClass                           *string
	LegalName, Routing                 string
	Email                              *string
	Created                            time.Time
	Status                             string // pending, posted, cancelled, failed, reversed
	Failure                            *Failure
	CustomTag                          *string
	Metadata                           map[string]string
	Key                                string // client NUL token NUL idempotency_key
	Seq                                int    // creation order (for transfers made in one instant)
	// Moves are the amounts (cents, + into the origination account) its
	// changes moved, each swept once (sweeps.go).
	Moves []Move `json:",omitempty"`
}

// Failure is failure_reason: ach_return_code only on a reversal.
type Failure struct {
	ACHReturnCode *string `json:"ach_return_code"`
	Description   string  `json:"description"`
}

// Event is one entry of a client's event log; ids count per client from 1.
type Event struct {
	ID         int
	ClientID   string
	At         time.Time
	Type       string
	TransferID string
	Failure    *Failure
}

type state struct {
	Transfers map[string]*BankTransfer
	Events    []Event
	Next      map[string]int    // the last event id given, by client
	Keys      map[string]string // BankTransfer.Key → id
	Origins   map[string]string // the client's origination account id
	Made      int               // transfers made (BankTransfer.Seq)
	Sweeps    []*Sweep
}

// API is the module and its state.
type API struct {
	door Door
	mu   sync.Mutex
	st   state
}

func New(door Door) *API {
	a := &API{door: door}
	a.Reset()
	return a
}

// Reset forgets every bank transfer and event.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = state{Transfers: map[string]*BankTransfer{}, Next: map[string]int{}, Keys: map[string]string{}, Origins: map[string]string{}}
}

// Snapshot is the state as JSON, for --state.
func (a *API) Snapshot() ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return json.Marshal(a.st)
}

// Restore replaces the state with a saved one.
func (a *API) Restore(data []byte) error {
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	for _, m := range []*map[string]string{&st.Keys, &st.Origins} {
		if *m == nil {
			*m = map[string]string{}
		}
	}
	if st.Transfers == nil {
		st.Transfers = map[string]*BankTransfer{}
	}
	if st.Next == nil {
		st.Next = map[string]int{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = st
	return nil
}

// Rewind puts back an earlier state (a named snapshot), keeping every
// client's event ids taken: a client paging with after_id misses nothing.
func (a *API) Rewind(data []byte) error {
	var next map[string]int
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		next = maps.Clone(a.st.Next)
	}()
	if err := a.Restore(data); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for client, n := range next {
		a.st.Next[client] = max(a.st.Next[client], n)
	}
	return nil
}

// ForgetClient removes one client's transfers, events and keys; its event
// ids start again from 1, as a new client's would.
func (a *API) ForgetClient(clientID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, t := range a.st.Transfers {
		if t.ClientID == clientID {
			delete(a.st.Transfers, id)
			delete(a.st.Keys, t.Key)
		}
	}
	kept := a.st.Events[:0:0]
	for _, ev := range a.st.Events {
		if ev.ClientID != clientID {
			kept = append(kept, ev)
		}
	}
	a.st.Events = kept
	a.st.Sweeps = slices.DeleteFunc(a.st.Sweeps, func(sw *Sweep) bool { return sw.ClientID == clientID })
	delete(a.st.Next, clientID)
	delete(a.st.Origins, clientID)
	a.door.StateChanged(a.Name())
}

// originLocked is the client's one origination account. Callers hold a.mu.
func (a *API) originLocked(clientID string) string {
	id, ok := a.st.Origins[clientID]
	if !ok {
		id = a.door.NewUUID()
		a.st.Origins[clientID] = id
	}
	return id
}

// addEventLocked logs t's change to its status. Callers hold a.mu.
func (a *API) addEventLocked(t *BankTransfer, now time.Time) {
	a.st.Next[t.ClientID]++
	a.st.Events = append(a.st.Events, Event{ID: a.st.Next[t.ClientID], ClientID: t.ClientID, At: now, Type: t.Status, TransferID: t.ID, Failure: t.Failure})
}

// json is the BankTransfer object. Callers hold a.mu.
func (a *API) jsonLocked(t *BankTransfer) map[string]any {
	var md any
	if t.Metadata != nil {
		md = t.Metadata
	}
	return map[string]any{
		"id": t.ID, "ach_class": product.Deref(t.ACHClass, ""), "account_id": t.AccountID, "type": t.Type,
		"user":   map[string]any{"legal_name": t.LegalName, "email_address": t.Email, "routing_number": t.Routing},
		"amount": t.Amount, "iso_currency_code": "USD", "description": t.Description, "created": product.RFC3339(t.Created),
		"status": t.Status, "network": t.Network, "cancellable": t.Status == "pending", "failure_reason": t.Failure,
		"custom_tag": t.CustomTag, "metadata": md, "origination_account_id": a.originLocked(t.ClientID), "direction": "outbound",
	}
}

// eventJSONLocked is the BankTransferEvent object. Callers hold a.mu.
func (a *API) eventJSONLocked(ev Event) map[string]any {
	t := a.st.Transfers[ev.TransferID]
	return map[string]any{
		"event_id": ev.ID, "timestamp": product.RFC3339(ev.At), "event_type": ev.Type, "account_id": t.AccountID,
		"bank_transfer_id": t.ID, "origination_account_id": a.originLocked(t.ClientID), "bank_transfer_type": t.Type,
		"bank_transfer_amount": t.Amount, "bank_transfer_iso_currency_code": "USD", "failure_reason": ev.Failure, "direction": "outbound",
	}
}
