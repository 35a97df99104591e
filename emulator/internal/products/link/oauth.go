package link

import (
	"net/http"
	"net/url"

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
