// Package idv serves Identity Verification: sessions a client creates (by
// API or in Link) for a client_user_id and a template, whose steps run in
// Plaid's order (terms, SMS code, the data-source KYC check, a document,
// the selfie Sandbox skips, a watchlist screening, the risk check) against
// the people its data sources know (fixtures.IDVPersona: Leslie Knope, Ben
// Wyatt and the fixtures' own), retries with Plaid's strategies, and
// IDENTITY_VERIFICATION webhooks to the client's Dashboard webhook.
package idv

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// maxSessions bounds the sessions a client keeps (the oldest go first).
const maxSessions = 5000

// steps are a session's steps in the order they run.
var steps = []string{"accept_tos", "verify_sms", "kyc_check", "documentary_verification", "selfie_check", "watchlist_screening", "risk_check"}

// done are the step statuses that let the next step run.
var done = map[string]bool{"success": true, "skipped": true, "not_applicable": true, "manually_approved": true}

// UserData is what a session knows of the person (the spec's user block).
type UserData struct {
	Phone      string    `json:"phone_number,omitempty"`
	DOB        string    `json:"date_of_birth,omitempty"`
	Email      string    `json:"email_address,omitempty"`
	IP         string    `json:"ip_address,omitempty"`
	GivenName  string    `json:"given_name,omitempty"`
	FamilyName string    `json:"family_name,omitempty"`
	Address    *Address  `json:"address,omitempty"`
	IDNumber   *IDNumber `json:"id_number,omitempty"`
}

// Address is a user's address as sent.
type Address struct {
	Street     *string `json:"street"`
	Street2    *string `json:"street2"`
	City       *string `json:"city"`
	Region     *string `json:"region"`
	PostalCode *string `json:"postal_code"`
	Country    string  `json:"country"`
}

// IDNumber is an identity number and its type.
type IDNumber struct {
	Value string `json:"value"`
	Type  string `json:"type"`
}

// Session is one verification attempt.
type Session struct {
	ID, ClientID, ClientUserID string
	UserID                     string `json:",omitempty"` // usr_… when made for a Plaid user
	TemplateID                 string
	TemplateVersion            int
	Created                    time.Time
	Completed                  time.Time `json:",omitzero"`
	Previous                   string    `json:",omitempty"`
	Shareable                  bool      `json:",omitempty"`
	Consent                    bool      `json:",omitempty"`
	User                       UserData
	Status                     string
	Steps                      map[string]string
	// Doc is the template's documentary mode: always, fallback or "".
	Doc string `json:",omitempty"`
	// Program is the Monitor program the session screens with ("": none).
	Program string `json:",omitempty"`
	// Rules are the template's KYC rules.
	Rules map[string]string `json:",omitempty"`
	// Details are the finished steps' blocks (verify_sms, kyc_check,
	// documentary_verification, risk_check), as the API shows them.
	Details map[string]json.RawMessage `json:",omitempty"`
	// SMS and DocAttempts count attempts of the steps that allow three.
	SMS         smsState          `json:",omitzero"`
	DocAttempts []json.RawMessage `json:",omitempty"`
	ScreeningID string            `json:",omitempty"`
	// ShareURL is the session's shareable URL (is_shareable): the
	// emulator's own page, with ShareKey as its key.
	ShareURL string `json:",omitempty"`
	ShareKey string `json:",omitempty"`
}

type smsState struct {
	Phone        string
	Sent, Solved int
	First, Last  time.Time `json:",omitzero"`
}

type state struct {
	Sessions product.Kept[*Session] // by id, oldest first
}

// API is the module and its state.
type API struct {
	door     Door
	users    userFinder
	screener product.Screener
	mu       sync.Mutex
	st       state
}

// Reset forgets every session.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = state{}
	a.st.Sessions.Fill()
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
	st.Sessions.Fill()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = st
	return nil
}

// Rewind puts back an earlier state (a named snapshot).
func (a *API) Rewind(data []byte) error { return a.Restore(data) }

// ForgetClient removes one client's sessions.
func (a *API) ForgetClient(clientID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Sessions.Forget(clientID)
	a.door.StateChanged(a.Name())
}

// Owner is the session's id and client (product.Owned).
func (s *Session) Owner() (string, string) { return s.ID, s.ClientID }
