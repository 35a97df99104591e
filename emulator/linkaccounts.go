package emulator

import (
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
func handleLinkAccounts(c *call, req *linkAccountsRequest) (any, *wire.Error) {
	lt, err := c.s.link.Live(&c.Call, req.LinkToken)
	if err != nil {
		return nil, err
	}
	out := &linkAccountsResponse{Accounts: []linkUIAccount{}}
	if lt.ItemID != "" {
		return out, nil
	}
	username, password := product.Deref(req.Username, "user_good"), product.Deref(req.Password, "pass_good")
	var li loggedIn
	out.MFA, err = nextMFA(username, password, req.MFAAnswers)
	if err == nil && out.MFA != nil { // the login must hold before its questions are asked
		_, err = c.s.login(&newItemParams{institutionID: linkInstitution(lt, req.InstitutionID), products: lt.Products,
			username: username, password: password, selectAccounts: offerAll(lt)})
		if err == nil {
			return out, nil
		}
	}
	if err == nil {
		li, err = c.s.login(&newItemParams{institutionID: linkInstitution(lt, req.InstitutionID), products: lt.Products,
			username: username, password: password, selectAccounts: offerAll(lt)})
	}
	if err != nil {
		c.s.link.AddSession(lt.Token, exitSession(product.Deref(req.LinkSessionID, c.s.store.uuid()), c.Now, c.Now, err, c.RequestID))
		return nil, err
	}
	for _, a := range li.accts {
		out.Accounts = append(out.Accounts, linkUIAccount{Name: a.Name, Mask: a.Mask, Type: a.Type, Subtype: a.Subtype,
			Available: a.Balances.Available, Current: a.Balances.Current, Currency: a.Balances.ISOCurrencyCode})
	}
	return out, nil
}
