// Package cra serves Consumer Report (Plaid Check): check reports made
// from a Plaid user's Items, when Link ends with a permissible purpose or
// on /cra/check_report/create, generated on the emulator clock, read while
// they live (24 hours), and announced by CHECK_REPORT webhooks in the
// user's regime. Users are the users module's, reached as product.Users.
package cra

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

const (
	// maxReports bounds the reports kept per user (the newest).
	maxReports = 20
	// reportTTL is how long a report can be read.
	reportTTL = 24 * time.Hour
	// generation is how long a report takes on a running clock (none on a
	// frozen one).
	generation = 2 * time.Second
)

// Report is one check report.
type Report struct {
	ID             string
	Created        time.Time
	Ready          time.Time // generation ends
	Days           int
	DaysRequired   int      `json:",omitempty"`
	ClientReportID string   `json:",omitempty"`
	Purpose        string   `json:",omitempty"`
	Products       []string `json:",omitempty"`
	ItemIDs        []string
	Webhook        string `json:",omitempty"`
	// Failed is why generation failed ("": it did not).
	Failed string `json:",omitempty"`
	// Rule is the script of the persona of the report's first Item that
	// has one (nil: the defaults), as it was when the report was made.
	Rule     *fixtures.CheckReportRule `json:",omitempty"`
	Notified bool                      `json:",omitempty"` // the READY or FAILED webhook went
}

// ttl is how long r can be read.
func (r Report) ttl() time.Duration {
	if r.Rule != nil {
		if d, err := time.ParseDuration(r.Rule.TTL); err == nil && d > 0 {
			return d
		}
	}
	return reportTTL
}

// failedProduct is Plaid's error when r's script failed product.
func (r Report) failedProduct(product string) *wire.Error {
	if r.Rule != nil && slices.Contains(r.Rule.FailedProducts, product) {
		return wire.New(wire.CodeProductGenerationFailed).WithMessage("%s could not be generated for report %s (scripted by the persona's check_report)", product, r.ID)
	}
	return nil
}

// User is what Consumer Report keeps of a Plaid user.
type User struct {
	ClientID string
	Legacy   bool
	Reports  []Report `json:",omitempty"` // oldest first
	// Monitoring is the user's Cash Flow Updates subscription (monitoring.go).
	Monitoring *Subscription `json:",omitempty"`
}

type state struct {
	Users map[string]*User // by Plaid user id
	// Loans and Applications are by client id and loan or application id (loanKey).
	Loans        map[string]*Loan        `json:",omitempty"`
	Applications map[string]*Application `json:",omitempty"`
	// Servicing are the report-update subscriptions, by id.
	Servicing map[string]*Servicing `json:",omitempty"`
}

// fill makes a state's nil maps.
func (st *state) fill() {
	if st.Users == nil {
		st.Users = map[string]*User{}
	}
	if st.Loans == nil {
		st.Loans = map[string]*Loan{}
	}
	if st.Applications == nil {
		st.Applications = map[string]*Application{}
	}
	if st.Servicing == nil {
		st.Servicing = map[string]*Servicing{}
	}
}

// API is the module and its state.
type API struct {
	door  Door
	users product.Users
	mu    sync.Mutex
	st    state
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
	a.st = state{}
	a.st.fill()
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
	st.fill()
	pending := time.Duration(-1)
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.st = st
		now := a.door.Now()
		for _, u := range st.Users {
			for _, r := range u.Reports {
				if !r.Notified && (pending < 0 || r.Ready.Sub(now) < pending) {
					pending = max(r.Ready.Sub(now), 0)
				}
			}
		}
	}()
	// A generation a stop cut short ends after the restart (Later waits
	// until the server has started), its webhook with it.
	if pending >= 0 {
		a.door.Later(pending, func() []product.Event { return a.settle(a.door.Now()) })
	}
	return nil
}

// userLocked is the record of a Plaid user, made on first use. Callers
// hold a.mu.
func (a *API) userLocked(pu product.PlaidUser) *User {
	u := a.st.Users[pu.ID]
	if u == nil {
		u = &User{ClientID: pu.ClientID, Legacy: pu.Legacy}
		a.st.Users[pu.ID] = u
	}
	return u
}

// Rewind puts back an earlier state (a named snapshot).
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
	for k, l := range a.st.Loans {
		if l.ClientID == clientID {
			delete(a.st.Loans, k)
		}
	}
	for k, p := range a.st.Applications {
		if p.ClientID == clientID {
			delete(a.st.Applications, k)
		}
	}
	for k, s := range a.st.Servicing {
		if s.ClientID == clientID {
			delete(a.st.Servicing, k)
		}
	}
	a.door.StateChanged(a.Name())
}
