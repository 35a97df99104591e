// Package monitor serves Monitor (watchlist screening): screenings of
// individuals and entities under a program, matched at once against the
// watchlists (fixtures.WatchlistEntry: the Sandbox names Plaid's docs
// give, and the fixtures' own), their hits and reviews, edits with their
// history, daily rescans on the emulator clock for programs that rescan,
// and SCREENING / ENTITY_SCREENING webhooks to the client's Dashboard
// webhook. Identity Verification reaches it as a product.Screener.
package monitor

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// maxScreenings bounds the screenings a client keeps; maxHistory a
// screening's versions and reviews.
const (
	maxScreenings = 10000
	maxHistory    = 100
)

// Terms are a screening's search terms (both kinds' fields).
type Terms struct {
	Program   string `json:"program"`
	LegalName string `json:"legal_name"`
	DOB       string `json:"date_of_birth,omitempty"`
	Document  string `json:"document_number,omitempty"`
	Country   string `json:"country,omitempty"`
	Email     string `json:"email_address,omitempty"`
	Phone     string `json:"phone_number,omitempty"`
	URL       string `json:"url,omitempty"`
}

// Version is one version of a screening (its history).
type Version struct {
	Terms        Terms
	Version      int
	Status       string
	Assignee     string `json:",omitempty"`
	ClientUserID string `json:",omitempty"`
	Source       string
	At           time.Time
}

// Hit is a watchlist entry a screening hit.
type Hit struct {
	ID, Entry    string
	Review       string // pending_review, confirmed, dismissed
	First        time.Time
	TermsVersion int
	Names, DOB   string
	Docs, Places string
	Primary      int
}

// Review is a review of a screening's hits.
type Review struct {
	ID                   string
	Confirmed, Dismissed []string
	Comment              string `json:",omitempty"`
	At                   time.Time
}

// Screening is a screening of an individual or an entity.
type Screening struct {
	ID, Kind, ClientID string
	Current            Version
	History            []Version `json:",omitempty"` // earlier versions, oldest first
	Hits               []Hit     `json:",omitempty"`
	Reviews            []Review  `json:",omitempty"`
	Scanned            time.Time
}

type state struct {
	Screenings product.Kept[*Screening] // by id, oldest first
}

// API is the module and its state.
type API struct {
	door Door
	mu   sync.Mutex
	st   state
}

// Reset forgets every screening.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = state{}
	a.st.Screenings.Fill()
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
	st.Screenings.Fill()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = st
	return nil
}

// Rewind puts back an earlier state (a named snapshot).
func (a *API) Rewind(data []byte) error { return a.Restore(data) }

// ForgetClient removes one client's screenings.
func (a *API) ForgetClient(clientID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Screenings.Forget(clientID)
	a.door.StateChanged(a.Name())
}

// Owner is the screening's id and client (product.Owned).
func (s *Screening) Owner() (string, string) { return s.ID, s.ClientID }
