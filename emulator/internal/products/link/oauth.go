package link

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// OAuth banks in the Link page: the user leaves for the bank's consent page
// (/_emulator/oauth/authorize), allows or denies, and comes back. With a
// redirect_uri on the link token the whole window goes to the bank and
// returns to redirect_uri?oauth_state_id=…, where the app opens Link again
// with receivedRedirectUri; without one the bank opens in a popup.

// oauthState is one trip to an OAuth bank.
type oauthState struct {
	LinkToken     string             `json:"-"`
	Institution   *linkUIInstitution `json:"institution"`
	LinkSessionID string             `json:"link_session_id"`
	Approved      bool               `json:"approved"`
	// Accounts are those the user chose at the bank
	// (/sandbox/oauth/select_accounts), by name or mask; none: all.
	Accounts []string `json:"accounts"`
}

type selectAccountsRequest struct {
	product.Credentials
	OAuthStateID string   `json:"oauth_state_id" plaid:"required"`
	Accounts     []string `json:"accounts" plaid:"required,maxitems=50"`
}

// HandleSelectAccounts serves POST /sandbox/oauth/select_accounts: the
// accounts the user shares at the OAuth bank's page (by name or mask), for
// Link to offer when it resumes. The oauth_state_id guards it (plaid-node
// sends no client credentials).
func (p *API) HandleSelectAccounts(c *product.Call, req *selectAccountsRequest) (any, *wire.Error) {
	for _, a := range req.Accounts {
		if strings.TrimSpace(a) == "" {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("accounts must name accounts by name or mask, not empty strings")
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.oauth[req.OAuthStateID]
	if !ok {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("unknown oauth_state_id")
	}
	st.Accounts = slices.Clone(req.Accounts)
	p.oauth[req.OAuthStateID] = st
	// An empty object: the spec's answer is open with nothing required, and
	// plaid-go reads it as a map of objects, which a request_id would break.
	return map[string]any{}, nil
}

// oauthAccounts are the accounts chosen at the bank on the trip id of
// link token tok (nil: no trip, or no choice).
func (p *API) oauthAccounts(tok string, id *string) []string {
	if id == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.oauth[*id]; ok && st.LinkToken == tok && st.Approved {
		return st.Accounts
	}
	return nil
}

type linkOAuthRequest struct {
	LinkToken     string `json:"link_token" plaid:"required"`
	InstitutionID string `json:"institution_id" plaid:"required"`
	LinkSessionID string `json:"link_session_id" plaid:"required"`
	Approve       bool   `json:"approve"`
}

type linkOAuthResponse struct {
	OAuthStateID string `json:"oauth_state_id"`
	// RedirectURI is where the bank sends the user back, with the state id
	// ("" without a redirect_uri: the popup tells Link instead).
	RedirectURI string `json:"redirect_uri"`
	wire.Response
}

// HandleLinkOAuth serves POST /_emulator/link/oauth: the consent page's
// answer, kept under a new oauth_state_id.
func (p *API) HandleLinkOAuth(c *product.Call, req *linkOAuthRequest) (any, *wire.Error) {
	lt, err := p.Live(c, req.LinkToken)
	if err != nil {
		return nil, err
	}
	inst := c.Fixtures.Institution(req.InstitutionID)
	if inst == nil || !inst.OAuth {
		return nil, wire.New(wire.CodeInvalidInstitution).WithMessage("%s is not an OAuth institution", req.InstitutionID)
	}
	id := "oauth-state-" + p.door.NewUUID()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.oauth[id] = oauthState{LinkToken: lt.Token, Institution: &linkUIInstitution{InstitutionID: inst.InstitutionID, Name: inst.Name, OAuth: true},
		LinkSessionID: req.LinkSessionID, Approved: req.Approve}
	out := &linkOAuthResponse{OAuthStateID: id}
	if lt.RedirectURI != nil && wire.WebhookURL(*lt.RedirectURI) { // never a javascript: or data: address
		if u, err := url.Parse(*lt.RedirectURI); err == nil {
			q := u.Query()
			q.Set("oauth_state_id", id)
			u.RawQuery = q.Encode()
			out.RedirectURI = u.String()
		}
	}
	return out, nil
}

// HandleLinkOAuthState serves GET /_emulator/link/oauth?oauth_state_id=…&link_token=…:
// the trip Link resumes after the redirect (only for the link token that began it).
func (p *API) HandleLinkOAuthState(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.oauth[q.Get("oauth_state_id")]
	if !ok || st.LinkToken != q.Get("link_token") {
		e := wire.New(wire.CodeInvalidField).WithMessage("unknown oauth_state_id for this link token")
		wire.WriteJSON(w, e.HTTPStatus, e)
		return
	}
	wire.WriteJSON(w, http.StatusOK, st)
}
