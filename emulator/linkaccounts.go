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
	Name    string  `json:"name"`
	Mask    *string `json:"mask"`
	Type    string  `json:"type"`
	Subtype *string `json:"subtype"`
}

type linkAccountsResponse struct {
	Accounts []linkUIAccount `json:"accounts"`
	wire.Response
}

// handleLinkAccounts serves POST /_emulator/link/accounts: the page's login
// step. It checks the credentials as completing Link would and lists the
// accounts Link offers for selection, storing nothing (a failure is recorded
// as an exited Link session). In update mode there is nothing to select.
func handleLinkAccounts(c *call, req *linkAccountsRequest) (any, *wire.Error) {
	lt, err := c.s.link.Live(&c.Call, req.LinkToken)
	if err != nil {
		return nil, err
	}
	out := &linkAccountsResponse{Accounts: []linkUIAccount{}}
	if lt.ItemID != "" {
		return out, nil
	}
	err = checkMFA(product.Deref(req.Password, "pass_good"), req.MFAAnswers)
	var li loggedIn
	if err == nil {
		li, err = c.s.login(&newItemParams{institutionID: linkInstitution(lt, req.InstitutionID), products: lt.Products,
			username: product.Deref(req.Username, ""), password: product.Deref(req.Password, ""), selectAccounts: accountSelector(lt, nil)})
	}
	if err != nil {
		c.s.link.AddSession(lt.Token, exitSession(product.Deref(req.LinkSessionID, c.s.store.uuid()), c.Now, c.Now, err, c.RequestID))
		return nil, err
	}
	for _, a := range li.accts {
		out.Accounts = append(out.Accounts, linkUIAccount{Name: a.Name, Mask: a.Mask, Type: a.Type, Subtype: a.Subtype})
	}
	return out, nil
}
