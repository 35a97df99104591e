// Package identity serves Identity: /identity/get and /identity/match
// (whose scoring the processor partners' /processor/identity/match shares).
package identity

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

type IdentityAccountJSON struct {
	product.AccountJSON
	Owners []fixtures.Identity `json:"owners"`
}

type identityGetResponse struct {
	Accounts []IdentityAccountJSON `json:"accounts"`
	Item     product.ItemJSON      `json:"item"`
	wire.Response
}

// HandleIdentityGet serves POST /identity/get: every selected account with
// the owners the institution reports.
func HandleIdentityGet(c *product.Call, req *product.AccountsGetRequest) (any, *wire.Error) {
	it, accts, err := ownersOf(c, req)
	if err != nil {
		return nil, err
	}
	return &identityGetResponse{Accounts: accts, Item: it.JSON()}, nil
}

// ownersOf is the request's Item (with Identity added) and its selected
// accounts with their owners.
func ownersOf(c *product.Call, req *product.AccountsGetRequest) (product.Item, []IdentityAccountJSON, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "identity")
	if err != nil {
		return product.Item{}, nil, err
	}
	sel, err := it.SelectAccounts(req.Options.IDs())
	if err != nil {
		return product.Item{}, nil, err
	}
	out := make([]IdentityAccountJSON, len(sel))
	for i, a := range sel {
		out[i] = IdentityAccountJSON{AccountJSON: a.JSON(), Owners: product.NonNil(a.Owners)}
	}
	return it, out, nil
}
