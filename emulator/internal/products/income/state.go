// Package income serves Plaid Income: Bank Income reports made from the
// transactions of the Items a Plaid user links with income_verification,
// and the webhooks that go with them. Users are the users module's; Income
// reaches them through product.Users.
package income

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// maxReports bounds the Bank Income reports kept per user (the newest).
const maxReports = 20

// Report is one Bank Income report, as made.
type Report struct {
	ID        string
	Generated time.Time
	Body      json.RawMessage // a CreditBankIncome
}

// User is what Income keeps of a Plaid user.
type User struct {
	ClientID string
	Legacy   bool
	// Webhook is where the user's INCOME webhooks go: the last income
	// Link's webhook.
	Webhook string `json:",omitempty"`
	// RefreshWebhooks: /credit/bank_income/webhook/update turned
	// BANK_INCOME_REFRESH_UPDATE on.
	RefreshWebhooks bool `json:",omitempty"`
	// Days is the last Bank Income Link's; ItemIDs every Bank Income
	// Item's (what a refresh reads).
	Days    int      `json:",omitempty"`
	ItemIDs []string `json:",omitempty"`
	Reports []Report `json:",omitempty"` // oldest first
	// Payroll are the user's payroll Items (Payroll and Document Income).
	Payroll []Payroll `json:",omitempty"`
}

type state struct {
	Users map[string]*User // by Plaid user id
}

// API is the module and its state.
type API struct {
	door  Door
	users product.Users
	mu    sync.Mutex
	st    state
	dl    map[string]download // document downloads by token (downloads.go)
}

func New(door Door, users product.Users) *API {
	a := &API{door: door, users: users}
	a.Reset()
	return a
}

// Reset forgets every report.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = state{Users: map[string]*User{}}
	a.dl = map[string]download{}
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
	if st.Users == nil {
		st.Users = map[string]*User{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = st
	return nil
}

// Rewind puts back an earlier state (a named snapshot); report ids come
// from the id source, which a rewind does not turn back.
func (a *API) Rewind(data []byte) error { return a.Restore(data) }

// ForgetClient removes one client's users' reports.
func (a *API) ForgetClient(clientID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, u := range a.st.Users {
		if u.ClientID == clientID {
			delete(a.st.Users, id)
		}
	}
	a.door.StateChanged(a.Name())
}

// userLocked is Income's record of a Plaid user, made on first use.
// Callers hold a.mu.
func (a *API) userLocked(pu product.PlaidUser) *User {
	u := a.st.Users[pu.ID]
	if u == nil {
		u = &User{ClientID: pu.ClientID, Legacy: pu.Legacy}
		a.st.Users[pu.ID] = u
	}
	return u
}
