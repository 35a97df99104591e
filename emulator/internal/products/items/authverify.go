package items

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type authVerifyRequest struct {
	product.Credentials
	LegalName *string `json:"legal_name"`
	Numbers   struct {
		ACH struct {
			Account string `json:"account" plaid:"required"`
			Routing string `json:"routing" plaid:"required"`
		} `json:"ach" plaid:"required"`
	} `json:"numbers" plaid:"required"`
}

type authVerifyResponse struct {
	ItemID   *string        `json:"item_id"`
	Status   string         `json:"verification_status"`
	Insights map[string]any `json:"verification_insights"`
	wire.Response
}

// handleAuthVerify serves POST /auth/verify: Database Auth without Link.
// The Sandbox's database answers by the account number
// (product.CheckNumbers); well-formed numbers make an Item of one
// checking account, auth_method DATABASE_INSIGHTS, whose id is answered
// (malformed ones make none).
func (p *API) handleAuthVerify(c *product.Call, req *authVerifyRequest) (any, *wire.Error) {
	ach := req.Numbers.ACH
	chk := product.CheckNumbers(ach.Routing, ach.Account, req.LegalName)
	out := &authVerifyResponse{Status: chk.Status, Insights: chk.Insights}
	if !chk.Valid {
		return out, nil
	}
	made, err := p.door.CreateItem(c.ClientID, c.Now, logins.NewItem{InstitutionID: "ins_109508", Products: []string{"auth"}, Username: "user_good",
		Password: "pass_good", SelectAccounts: logins.Typed(ach.Routing, ach.Account, "checking")})
	if err != nil {
		return nil, err
	}
	it, err := p.door.UpdateItemByID(made.ID, func(it *product.Item) *wire.Error {
		it.InstitutionID, it.InstitutionName, it.Available = "", "", nil
		it.AuthMethod = product.Ptr("DATABASE_INSIGHTS")
		accts := slices.Clone(it.Accounts)
		accts[0].Verification = &chk.Status
		it.Accounts = accts
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.ItemID, out.ItemID = it.ID, &it.ID
	return out, nil
}
