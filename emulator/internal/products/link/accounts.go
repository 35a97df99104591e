package link

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type linkAccountsRequest struct {
	LinkToken     string   `json:"link_token" plaid:"required"`
	InstitutionID *string  `json:"institution_id"`
	Username      *string  `json:"username"`
	Password      *string  `json:"password"`
	MFAAnswers    []string `json:"mfa_answers"`
	LinkSessionID *string  `json:"link_session_id" plaid:"minlen=1"`
	// OAuthStateID is the trip to an OAuth bank Link resumed from: only
	// the accounts chosen there are offered.
	OAuthStateID *string `json:"oauth_state_id"`
}

type linkUIAccount struct {
	Name      string   `json:"name"`
	Mask      *string  `json:"mask"`
	Type      string   `json:"type"`
	Subtype   *string  `json:"subtype"`
	Available *float64 `json:"available"`
	Current   *float64 `json:"current"`
	Currency  *string  `json:"iso_currency_code"`
}

type linkAccountsResponse struct {
	Accounts []linkUIAccount `json:"accounts"`
	// MFA is the round of questions to show next (null: none left).
	MFA *mfaRound `json:"mfa"`
	wire.Response
}

// handleLinkAccounts serves POST /_emulator/link/accounts: the page's login
// step. It checks the credentials as completing Link would and lists the
// accounts Link offers for selection, storing nothing (a failure is recorded
// as an exited Link session). An MFA login answers its next round of
// questions until mfa_answers holds them all. In update mode there is
// nothing to select.
func (p *API) handleAccounts(c *product.Call, req *linkAccountsRequest) (any, *wire.Error) {
	lt, err := p.Live(c, req.LinkToken)
	if err != nil {
		return nil, err
	}
	out := &linkAccountsResponse{Accounts: []linkUIAccount{}}
	if lt.ItemID != "" {
		return out, nil
	}
	username, password := product.Deref(req.Username, "user_good"), product.Deref(req.Password, "pass_good")
	var li logins.LoggedIn
	out.MFA, err = nextMFA(username, password, req.MFAAnswers)
	if err == nil { // the login must hold before its questions are asked
		li, err = logins.Login(p.door.Fixtures(), p.door.Seed(), p.door.Now(), &logins.NewItem{InstitutionID: linkInstitution(lt, req.InstitutionID),
			Products: lt.Products, Username: username, Password: password, SelectAccounts: offerAll(lt)})
		if err == nil && out.MFA != nil {
			return out, nil
		}
	}
	if err != nil {
		p.AddSession(lt.Token, exitSession(product.Deref(req.LinkSessionID, p.door.NewUUID()), c.Now, c.Now, err, c.RequestID))
		return nil, err
	}
	chosen := p.oauthAccounts(lt.Token, req.OAuthStateID)
	for _, a := range li.Shared {
		if len(chosen) > 0 && !slices.ContainsFunc(chosen, func(n string) bool { return n == a.Name || (a.Mask != nil && *a.Mask == n) }) {
			continue
		}
		out.Accounts = append(out.Accounts, linkUIAccount{Name: a.Name, Mask: a.Mask, Type: a.Type, Subtype: a.Subtype,
			Available: a.Balances.Available, Current: a.Balances.Current, Currency: a.Balances.ISOCurrencyCode})
	}
	return out, nil
}
