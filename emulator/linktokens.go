package emulator

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Link tokens, their finished sessions and OAuth trips: Link's own state.

// Link token lifetimes (reference §5).
const (
	linkTokenTTL       = 4 * time.Hour
	linkTokenUpdateTTL = 30 * time.Minute
)

// linkToken is a stored /link/token/create configuration, as --state keeps it.
type linkToken struct {
	Token, ClientID, Language, ClientName string
	InstitutionID                         string
	ItemID                                string // set in update mode
	UserID                                string
	Created, Expires                      time.Time
	Products, CountryCodes                []string
	Webhook, RedirectURI                  *string
	AccountFilters, InstitutionData       json.RawMessage
	DaysRequested                         int
	Sessions                              []json.RawMessage // completed Link sessions, in order
}

// linkHost is what Link takes from the emulator.
type linkHost interface {
	// NewUUID draws an id from the seeded source.
	NewUUID() string
	// ItemByID is a copy of an Item whoever owns it.
	ItemByID(id string) (product.Item, bool)
	// Now is the emulator clock.
	Now() time.Time
	// Fixtures is the world served.
	Fixtures() *fixtures.Set
	// Changed says Link's state changed (for --state saving).
	Changed()
}

// linkAPI is Link: link tokens by token, and OAuth trips by state id (not
// kept with --state).
type linkAPI struct {
	host   linkHost
	mu     sync.Mutex
	tokens map[string]*linkToken
	oauth  map[string]oauthState
}

func newLinkAPI(host linkHost) *linkAPI {
	return &linkAPI{host: host, tokens: map[string]*linkToken{}, oauth: map[string]oauthState{}}
}

// reset forgets every link token and OAuth trip.
func (p *linkAPI) reset() {
	p.mu.Lock()
	p.tokens, p.oauth = map[string]*linkToken{}, map[string]oauthState{}
	p.mu.Unlock()
}

// add stores lt under a new link token.
func (p *linkAPI) add(lt *linkToken) string {
	lt.Token = "link-sandbox-" + p.host.NewUUID()
	p.mu.Lock()
	p.tokens[lt.Token] = lt
	p.mu.Unlock()
	p.host.Changed()
	return lt.Token
}

// TokenFor returns a copy of clientID's link token.
func (p *linkAPI) TokenFor(clientID, tok string) (linkToken, *wire.Error) {
	lt, ok := p.Any(tok)
	if !ok || lt.ClientID != clientID {
		return linkToken{}, wire.New(wire.CodeInvalidLinkToken)
	}
	return lt, nil
}

// Any returns a copy of a link token whoever owns it (headless Link acts
// for the token's client).
func (p *linkAPI) Any(tok string) (linkToken, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	lt, ok := p.tokens[tok]
	if !ok {
		return linkToken{}, false
	}
	return *lt, true
}

// Live is the unexpired link token a Link page or headless Link acts with;
// the call then acts for the token's client.
func (p *linkAPI) Live(c *product.Call, tok string) (linkToken, *wire.Error) {
	lt, ok := p.Any(tok)
	if !ok {
		return linkToken{}, wire.New(wire.CodeInvalidLinkToken)
	}
	if !c.Now.Before(lt.Expires) {
		return linkToken{}, wire.New(wire.CodeInvalidLinkToken).WithMessage("link_token has expired")
	}
	c.ClientID = lt.ClientID
	return lt, nil
}

// AddSession records a finished Link session on its link token.
func (p *linkAPI) AddSession(tok string, session json.RawMessage) {
	p.mu.Lock()
	if lt, ok := p.tokens[tok]; ok {
		lt.Sessions = append(slices.Clone(lt.Sessions), session)
	}
	p.mu.Unlock()
	p.host.Changed()
}

// snapshot lists copies of the link tokens in token order, for --state.
func (p *linkAPI) snapshot() []linkToken {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]linkToken, 0, len(p.tokens))
	for _, lt := range p.tokens {
		out = append(out, *lt)
	}
	slices.SortFunc(out, func(a, b linkToken) int { return strings.Compare(a.Token, b.Token) })
	return out
}

// restore adds saved link tokens.
func (p *linkAPI) restore(list []linkToken) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range list {
		lt := list[i]
		p.tokens[lt.Token] = &lt
	}
}
