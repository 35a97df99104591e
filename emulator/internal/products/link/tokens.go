// Package link serves Link tokens (/link/token/create, /link/token/get)
// and what the Link page asks besides completing: the session (the banks
// that fit a token) and OAuth trips. Its state is the link tokens with
// their finished sessions, and the OAuth trips.
package link

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Link tokens, their finished sessions and OAuth trips: Link's own state.

// keepExpired is how long an expired link token can still be read with
// /link/token/get (its sessions stay useful); it is removed after that.
// sweepEvery is how many new tokens pass between sweeps.
const (
	keepExpired = 24 * time.Hour
	sweepEvery  = 256
)

// Link token lifetimes (https://plaid.com/docs/api/tokens/).
const (
	linkTokenTTL       = 4 * time.Hour
	linkTokenUpdateTTL = 30 * time.Minute
)

// Token is a stored /link/token/create configuration, as --state keeps it.
type Token struct {
	Token, ClientID, Language, ClientName string
	InstitutionID                         string
	ItemID                                string // set in update mode
	UserID                                string
	Created, Expires                      time.Time
	Products, CountryCodes                []string
	Webhook, RedirectURI                  *string
	AccountFilters, InstitutionData       json.RawMessage
	DaysRequested                         int
	// AccountSelect is how Link's account pane lets the user choose:
	// single, multiple or all (see accountSelect).
	AccountSelect string
	Sessions      []json.RawMessage // completed Link sessions, in order
	// TransferIntent is the Transfer UI intent the token pays
	// (transfer.intent_id; transferui.go), and Paying the Item each
	// session's first confirmation made, by link_session_id, so a retry
	// after a decline pays from it instead of linking again.
	TransferIntent string            `json:",omitempty"`
	Paying         map[string]string `json:",omitempty"`
	// PaymentProfile is transfer.payment_profile_token: the profile an
	// account linked now becomes READY for (transferui.go).
	PaymentProfile string `json:",omitempty"`
	// PlaidUser is the Plaid user (/user/create) the token names: Items
	// Link makes attach to it.
	PlaidUser string `json:",omitempty"`
	// UserOptions are the fields of a Plaid user's token that the products
	// built on users read (product.UserLink.Options): its checked
	// income_verification, cra_options, permissible purpose, products.
	UserOptions map[string]json.RawMessage `json:",omitempty"`
	// Auth is /link/token/create's auth object: which typed-numbers flows
	// Link offers (microdeposits.go).
	Auth json.RawMessage `json:",omitempty"`
	// IDVSession is the Identity Verification session the token opens
	// (products: identity_verification; idv.go).
	IDVSession string `json:",omitempty"`
}

// Door is what Link takes from the emulator.
type Door interface {
	// NewUUID draws an id from the seeded source.
	NewUUID() string
	// ItemByID is a copy of an Item whoever owns it.
	ItemByID(id string) (product.Item, bool)
	// Now is the emulator clock.
	Now() time.Time
	// Fixtures is the world served.
	Fixtures() *fixtures.Set
	// Changed says a link token was made, changed or removed (for --state).
	TokenChanged(token string)
	// Seed is the run's data seed (for what a user_custom login leaves blank).
	Seed() int64
	// CreateItem logs in (logins.Login) and stores a new Item of clientID's.
	CreateItem(clientID string, now time.Time, n logins.NewItem) (product.Item, *wire.Error)
	// IssuePublicToken gives a public token for the client's Item and when it expires.
	IssuePublicToken(clientID, itemID string, now time.Time) (string, time.Time)
	// UpdateItemByID changes an Item under the store's lock (a same-day
	// micro-deposit Item made, or verified).
	UpdateItemByID(id string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error)
	IntentDoor
	// ResolveUser is the client's Plaid user a link token names (by
	// user_id or user_token); AttachUserItem ties an Item to it (and
	// tells Income of its income_verification).
	ResolveUser(clientID string, userID, userToken *string) (string, *wire.Error)
	AttachUserItem(c *product.Call, l product.UserLink) (map[string]any, *wire.Error)
	// Verifier is Identity Verification (nil: not served).
	Verifier() product.Verifier
}

// API is Link: link tokens by token, and OAuth trips by state id (not
// kept with --state).
type API struct {
	door   Door
	mu     sync.Mutex
	tokens map[string]*Token
	added  int // tokens made since the start (for sweeping old ones)
	oauth  map[string]oauthState
}

func New(door Door) *API {
	return &API{door: door, tokens: map[string]*Token{}, oauth: map[string]oauthState{}}
}

// Reset forgets every link token and OAuth trip.
func (p *API) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tokens, p.oauth = map[string]*Token{}, map[string]oauthState{}
}

// add stores lt under a new link token.
func (p *API) add(lt *Token) string {
	lt.Token = "link-sandbox-" + p.door.NewUUID()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tokens[lt.Token] = lt
	var gone []string
	if p.added++; p.added%sweepEvery == 0 { // tokens a day past expiry go
		for k, t := range p.tokens {
			if lt.Created.Sub(t.Expires) > keepExpired {
				delete(p.tokens, k)
				gone = append(gone, k)
			}
		}
	}
	p.door.TokenChanged(lt.Token)
	for _, k := range gone {
		p.door.TokenChanged(k)
	}
	return lt.Token
}

// TokenFor returns a copy of clientID's link token.
func (p *API) TokenFor(clientID, tok string) (Token, *wire.Error) {
	lt, ok := p.Any(tok)
	if !ok || lt.ClientID != clientID {
		return Token{}, wire.New(wire.CodeInvalidLinkToken)
	}
	return lt, nil
}

// Any returns a copy of a link token whoever owns it (headless Link acts
// for the token's client).
func (p *API) Any(tok string) (Token, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	lt, ok := p.tokens[tok]
	if !ok {
		return Token{}, false
	}
	return *lt, true
}

// Live is the unexpired link token a Link page or headless Link acts with;
// the call then acts for the token's client.
func (p *API) Live(c *product.Call, tok string) (Token, *wire.Error) {
	lt, ok := p.Any(tok)
	if !ok {
		return Token{}, wire.New(wire.CodeInvalidLinkToken)
	}
	if !c.Now.Before(lt.Expires) {
		return Token{}, wire.New(wire.CodeInvalidLinkToken).WithMessage("link_token has expired")
	}
	c.ClientID = lt.ClientID
	return lt, nil
}

// AddSession records a finished Link session on its link token.
func (p *API) AddSession(tok string, session json.RawMessage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if lt, ok := p.tokens[tok]; ok {
		lt.Sessions = append(slices.Clone(lt.Sessions), session)
	}
	p.door.TokenChanged(tok)
}

// payingWith records the Item a Transfer UI session made.
func (p *API) payingWith(tok, sessionID, itemID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if lt, ok := p.tokens[tok]; ok {
		lt.Paying = maps.Clone(lt.Paying)
		if lt.Paying == nil {
			lt.Paying = map[string]string{}
		}
		lt.Paying[sessionID] = itemID
	}
	p.door.TokenChanged(tok)
}

// Snapshot lists copies of the link tokens in token order, for --state.
func (p *API) Snapshot() []Token {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Token, 0, len(p.tokens))
	for _, lt := range p.tokens {
		out = append(out, *lt)
	}
	slices.SortFunc(out, func(a, b Token) int { return strings.Compare(a.Token, b.Token) })
	return out
}

// Restore adds saved link tokens.
func (p *API) Restore(list []Token) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range list {
		lt := list[i]
		p.tokens[lt.Token] = &lt
	}
}

// ForgetClient removes one client's link tokens and their OAuth trips.
func (p *API) ForgetClient(clientID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for tok, lt := range p.tokens {
		if lt.ClientID == clientID {
			delete(p.tokens, tok)
			p.door.TokenChanged(tok)
		}
	}
	for id, st := range p.oauth {
		if _, live := p.tokens[st.LinkToken]; !live {
			delete(p.oauth, id)
		}
	}
}
