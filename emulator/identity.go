package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

type identityAccountJSON struct {
	accountJSON
	Owners []fixtures.Identity `json:"owners"`
}

type identityGetResponse struct {
	Accounts []identityAccountJSON `json:"accounts"`
	Item     itemJSON              `json:"item"`
	wire.Response
}

// handleIdentityGet serves POST /identity/get: every selected account with
// the owners the institution reports.
func handleIdentityGet(c *call, req *accountsGetRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "identity")
	if err != nil {
		return nil, err
	}
	sel, err := it.selectAccounts(req.Options.ids())
	if err != nil {
		return nil, err
	}
	out := make([]identityAccountJSON, len(sel))
	for i, a := range sel {
		out[i] = identityAccountJSON{accountJSON: a.json(), Owners: nonNil(a.Owners)}
	}
	return &identityGetResponse{Accounts: out, Item: it.json()}, nil
}
