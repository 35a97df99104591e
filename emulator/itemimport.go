package emulator

import (
	"cmp"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type itemPublicTokenCreateResponse struct {
	PublicToken string `json:"public_token"`
	Expiration  string `json:"expiration"`
	wire.Response
}

// handleItemPublicTokenCreate serves POST /item/public_token/create: a new
// public token for an Item the client has (Plaid's older way into update
// mode); it exchanges for the Item's current access token.
func handleItemPublicTokenCreate(c *call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := c.s.store.itemFor(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	tok := c.s.store.addPublicToken(c.ClientID, it.ID, c.Now)
	return &itemPublicTokenCreateResponse{PublicToken: tok, Expiration: product.RFC3339(c.Now.Add(publicTokenTTL))}, nil
}

type itemImportRequest struct {
	product.Credentials
	Products      []string `json:"products" plaid:"required,minitems=1,enum=products"`
	InstitutionID *string  `json:"institution_id"`
	UserAuth      struct {
		UserID    string `json:"user_id" plaid:"required"`
		AuthToken string `json:"auth_token" plaid:"required"`
	} `json:"user_auth" plaid:"required"`
	Options *struct {
		Webhook *string `json:"webhook" plaid:"format=url"`
	} `json:"options"`
}

type itemImportResponse struct {
	AccessToken string `json:"access_token"`
	wire.Response
}

// handleItemImport serves POST /item/import: an Item made from a user's
// existing credentials, user_id and auth_token taken as a Sandbox username
// and password (user_good / pass_good), at institution_id or else First
// Platypus Bank (docs/choices.md); the answer is its access token.
func handleItemImport(c *call, req *itemImportRequest) (any, *wire.Error) {
	p := newItemParams{clientID: c.ClientID, institutionID: cmp.Or(product.Deref(req.InstitutionID, ""), "ins_109508"),
		products: req.Products, username: req.UserAuth.UserID, password: req.UserAuth.AuthToken, now: c.Now}
	if req.Options != nil {
		p.webhook = req.Options.Webhook
	}
	it, err := c.s.createItem(p)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	tok := c.s.store.addPublicToken(c.ClientID, it.ID, c.Now)
	it, err = c.s.store.exchange(c.ClientID, tok, c.Now)
	if err != nil {
		return nil, err
	}
	return &itemImportResponse{AccessToken: it.AccessToken}, nil
}
