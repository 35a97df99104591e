// Package users serves Plaid users (/user/*, /sandbox/user/reset_login):
// the person behind a client's Items, as Income and Consumer Report
// address them. Two regimes live side by side, as in Plaid since late
// 2025 (https://plaid.com/docs/api/users/user-apis/): the new one names a
// user by a "usr_" id only; the legacy one by a user_token
// ("user-sandbox-…") beside an unprefixed id. Its state is the users, their
// identity and the Items attached to them.
package users

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Door is what users take from the emulator.
type Door interface {
	// NewUUID draws an id from the id source.
	NewUUID() string
	// StateChanged says a module's state changed (for --state).
	StateChanged(module string)
	// ItemByID is a copy of an Item whoever owns it.
	ItemByID(id string) (product.Item, bool)
	// UpdateItemByID changes an Item under the store's lock.
	UpdateItemByID(id string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error)
	// RemoveItemByID removes an Item and its tokens.
	RemoveItemByID(id string) *wire.Error
	// Refresh is /transactions/refresh for an Item: its event.
	Refresh(itemID string, now time.Time) product.Event
}

// User is a Plaid user, as --state keeps it.
type User struct {
	ID           string // usr_… (new), or the legacy unprefixed id
	Token        string `json:",omitempty"` // user-sandbox-… (legacy only)
	ClientID     string
	ClientUserID string
	Legacy       bool
	Identity     json.RawMessage `json:",omitempty"` // ClientUserIdentity
	Created      time.Time
	Updated      time.Time
	ItemIDs      []string `json:",omitempty"`
}

type state struct {
	Users map[string]*User // by ID
	// Taken are legacy client NUL client_user_id pairs ever used: a
	// legacy client_user_id is never reused, even after removal.
	Taken map[string]bool
	// ThirdParty are the third-party user tokens, by token (more.go).
	ThirdParty map[string]*ThirdParty
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

// Reset forgets every user.
func (a *API) Reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = state{Users: map[string]*User{}, Taken: map[string]bool{}, ThirdParty: map[string]*ThirdParty{}}
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
	if st.Taken == nil {
		st.Taken = map[string]bool{}
	}
	if st.ThirdParty == nil {
		st.ThirdParty = map[string]*ThirdParty{}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st = st
	return nil
}

// Rewind puts back an earlier state (a named snapshot); user ids are drawn
// at random, so none is handed out twice either way.
func (a *API) Rewind(data []byte) error { return a.Restore(data) }

// ForgetClient removes one client's users.
func (a *API) ForgetClient(clientID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, u := range a.st.Users {
		if u.ClientID == clientID {
			delete(a.st.Users, id)
		}
	}
	for k, tp := range a.st.ThirdParty {
		if tp.ClientID == clientID {
			delete(a.st.ThirdParty, k)
		}
	}
	for k := range a.st.Taken {
		if strings.HasPrefix(k, clientID+"\x00") {
			delete(a.st.Taken, k)
		}
	}
	a.door.StateChanged(a.Name())
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newID is a new user id: "usr_" and 14 base62 characters (new), or 29
// (a legacy id), drawn from the id source.
func (a *API) newID(legacy bool) string {
	seed := a.door.NewUUID()
	r := rand.New(rand.NewPCG(uint64(len(seed)), hash(seed)))
	n, prefix := 14, "usr_"
	if legacy {
		n, prefix = 29, ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = base62[r.IntN(len(base62))]
	}
	return prefix + string(b)
}

func hash(s string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// userRef is how a request names a user: user_id (a usr_ id, or a legacy
// user_token sent there, as Plaid's migration allows) or user_token.
type userRef struct {
	UserID    *string `json:"user_id"`
	UserToken *string `json:"user_token"`
}

// findLocked is the client's user a request names, or Plaid's error for
// one it cannot find. Callers hold a.mu.
func (a *API) findLocked(clientID string, ref userRef) (*User, *wire.Error) {
	id, tok := product.Deref(ref.UserID, ""), product.Deref(ref.UserToken, "")
	switch {
	case id == "" && tok == "":
		return nil, wire.New(wire.CodeMissingFields, "user_id")
	case tok != "" && strings.HasPrefix(tok, "usr_"):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("user_token takes a legacy user token, not a usr_ user id: send it as user_id")
	case tok == "" && strings.HasPrefix(id, "user-"):
		tok, id = id, "" // a legacy token in user_id
	}
	if tok != "" {
		for _, u := range a.st.Users {
			if u.Token == tok && u.ClientID == clientID {
				return u, nil
			}
		}
		return nil, wire.New(wire.CodeInvalidUserToken)
	}
	if !strings.HasPrefix(id, "usr_") {
		return nil, wire.New(wire.CodeInvalidUserID).WithMessage("user_id must be a usr_ user id (or a legacy user token)")
	}
	if u := a.st.Users[id]; u != nil && u.ClientID == clientID {
		return u, nil
	}
	return nil, wire.New(wire.CodeUserNotFound)
}

// Resolve is the client's user a link token or another module names (by
// user_id or user_token), for attaching Items: its id.
func (a *API) Resolve(clientID string, userID, userToken *string) (string, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(clientID, userRef{UserID: userID, UserToken: userToken})
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

// UserOfItem is how a request's user_id names the user an Item is tied
// to: its id, or a legacy user's token (taken there too).
func (a *API) UserOfItem(itemID string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for id, u := range a.st.Users {
		if slices.Contains(u.ItemIDs, itemID) {
			if u.Legacy {
				return u.Token, true
			}
			return id, true
		}
	}
	return "", false
}

// AttachItem ties an Item to a user (Link with the user's id or token).
func (a *API) AttachItem(userID, itemID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if u := a.st.Users[userID]; u != nil && !slices.Contains(u.ItemIDs, itemID) {
		u.ItemIDs = append(u.ItemIDs, itemID)
		a.door.StateChanged(a.Name())
	}
}

// fromReportIdentity is a legacy consumer_report_user_identity in the new
// user API's identity shape (what /user/get answers).
func fromReportIdentity(raw json.RawMessage) json.RawMessage {
	var in struct {
		FirstName   string   `json:"first_name"`
		LastName    string   `json:"last_name"`
		Phones      []string `json:"phone_numbers"`
		Emails      []string `json:"emails"`
		DateOfBirth string   `json:"date_of_birth"`
		SSNLast4    *string  `json:"ssn_last_4"`
		Address     *struct {
			Street, City, Region, Country string
			PostalCode                    string `json:"postal_code"`
		} `json:"primary_address"`
	}
	if json.Unmarshal(raw, &in) != nil {
		return nil
	}
	out := map[string]any{"name": map[string]any{"given_name": in.FirstName, "family_name": in.LastName}, "date_of_birth": in.DateOfBirth}
	var emails, phones, addrs []map[string]any
	for i, e := range in.Emails {
		emails = append(emails, map[string]any{"data": e, "primary": i == 0})
	}
	for i, p := range in.Phones {
		phones = append(phones, map[string]any{"data": p, "primary": i == 0})
	}
	if a := in.Address; a != nil {
		addrs = append(addrs, map[string]any{"street_1": a.Street, "city": a.City, "region": a.Region, "country": a.Country, "postal_code": a.PostalCode, "primary": true})
	}
	out["emails"], out["phone_numbers"], out["addresses"] = product.NonNil(emails), product.NonNil(phones), product.NonNil(addrs)
	if in.SSNLast4 != nil {
		out["id_numbers"] = []map[string]any{{"value": *in.SSNLast4, "type": "us_ssn_last_4"}}
	}
	return product.MustMarshal(out)
}

// FindUser is the client's user a request names, as other products see it.
func (a *API) FindUser(clientID string, userID, userToken *string) (product.PlaidUser, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, err := a.findLocked(clientID, userRef{UserID: userID, UserToken: userToken})
	if err != nil {
		return product.PlaidUser{}, err
	}
	return u.view(), nil
}

// UserByID is a user by its id, as other products see it.
func (a *API) UserByID(id string) (product.PlaidUser, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if u := a.st.Users[id]; u != nil {
		return u.view(), true
	}
	return product.PlaidUser{}, false
}

func (u *User) view() product.PlaidUser {
	return product.PlaidUser{ID: u.ID, ClientID: u.ClientID, Legacy: u.Legacy, ItemIDs: slices.Clone(u.ItemIDs)}
}
