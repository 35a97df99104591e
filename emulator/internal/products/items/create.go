package items

import (
	"cmp"
	"encoding/json"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Items made without Link: the Sandbox's shortcut, a new public token for
// an Item the client has, and an Item imported from a user's credentials.

type sandboxPublicTokenCreateRequest struct {
	product.Credentials
	InstitutionID   string   `json:"institution_id" plaid:"required,minlen=1"`
	InitialProducts []string `json:"initial_products" plaid:"required,minitems=1,enum=products"`
	Options         *struct {
		Webhook          *string `json:"webhook" plaid:"format=url"`
		OverrideUsername *string `json:"override_username"`
		OverridePassword *string `json:"override_password"`
		Transactions     *struct {
			StartDate     *string `json:"start_date" plaid:"format=date"`
			EndDate       *string `json:"end_date" plaid:"format=date"`
			DaysRequested *int    `json:"days_requested" plaid:"min=1,max=730"`
		} `json:"transactions"`
		Statements *struct {
			StartDate string `json:"start_date" plaid:"required,format=date"`
			EndDate   string `json:"end_date" plaid:"required,format=date"`
		} `json:"statements"`
		IncomeVerification *struct {
			IncomeSourceTypes []string `json:"income_source_types" plaid:"enum=income_source_types"`
			BankIncome        *struct {
				DaysRequested *int `json:"days_requested"`
			} `json:"bank_income"`
		} `json:"income_verification"`
	} `json:"options"`
	UserToken *string `json:"user_token"`
	UserID    *string `json:"user_id"`
}

type publicTokenResponse struct {
	PublicToken string `json:"public_token"`
	wire.Response
}

// handleSandboxPublicTokenCreate serves POST /sandbox/public_token/create:
// it creates an Item without Link and returns a public token for it.
func (p *API) handleSandboxPublicTokenCreate(c *product.Call, req *sandboxPublicTokenCreateRequest) (any, *wire.Error) {
	n := logins.NewItem{InstitutionID: req.InstitutionID, Products: req.InitialProducts}
	if o := req.Options; o != nil {
		n.Webhook = o.Webhook
		n.Username, n.Password = product.Deref(o.OverrideUsername, ""), product.Deref(o.OverridePassword, "")
		if o.Transactions != nil && o.Transactions.DaysRequested != nil {
			n.DaysRequested = *o.Transactions.DaysRequested
		}
		if st := o.Statements; st != nil {
			if err := product.CheckDateRange(st.StartDate, st.EndDate); err != nil {
				return nil, err
			}
			n.Options = map[string]json.RawMessage{"statements": product.MustMarshal(st)} // the statements module's
		}
	}
	user := ""
	if product.Deref(req.UserID, "") != "" || product.Deref(req.UserToken, "") != "" { // the Item is the user's
		var err *wire.Error
		if user, err = p.door.ResolveUser(c.ClientID, req.UserID, req.UserToken); err != nil {
			return nil, err
		}
	}
	it, err := p.door.CreateItem(c.ClientID, c.Now, n)
	if err != nil {
		return nil, err
	}
	if user != "" {
		l := product.UserLink{UserID: user, ItemID: it.ID, Webhook: product.Deref(n.Webhook, ""),
			Options: map[string]json.RawMessage{"products": product.MustMarshal(req.InitialProducts)}}
		if o := req.Options; o != nil && o.IncomeVerification != nil {
			l.Options["income_verification"] = product.MustMarshal(o.IncomeVerification)
		}
		if _, err := p.door.AttachUserItem(c, l); err != nil {
			return nil, err
		}
	}
	c.ItemID = it.ID // for the journal: the answer names only a public token
	tok, _ := p.door.IssuePublicToken(c.ClientID, it.ID, c.Now)
	return &publicTokenResponse{PublicToken: tok}, nil
}

type publicTokenCreateResponse struct {
	PublicToken string `json:"public_token"`
	Expiration  string `json:"expiration"`
	wire.Response
}

// handlePublicTokenCreate serves POST /item/public_token/create: a new
// public token for an Item the client has (Plaid's older way into update
// mode); it exchanges for the Item's current access token.
func (p *API) handlePublicTokenCreate(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	tok, expires := p.door.IssuePublicToken(c.ClientID, it.ID, c.Now)
	return &publicTokenCreateResponse{PublicToken: tok, Expiration: product.RFC3339(expires)}, nil
}

type importRequest struct {
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

type importResponse struct {
	AccessToken string `json:"access_token"`
	wire.Response
}

// handleImport serves POST /item/import: an Item made from a user's
// existing credentials, user_id and auth_token taken as a Sandbox username
// and password (user_good / pass_good), at institution_id or else First
// Platypus Bank (docs/choices.md); the answer is its access token.
func (p *API) handleImport(c *product.Call, req *importRequest) (any, *wire.Error) {
	n := logins.NewItem{InstitutionID: cmp.Or(product.Deref(req.InstitutionID, ""), "ins_109508"), Products: req.Products,
		Username: req.UserAuth.UserID, Password: req.UserAuth.AuthToken}
	if req.Options != nil {
		n.Webhook = req.Options.Webhook
	}
	it, err := p.door.CreateItem(c.ClientID, c.Now, n)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	tok, _ := p.door.IssuePublicToken(c.ClientID, it.ID, c.Now)
	if it, err = p.door.Exchange(c.ClientID, tok, c.Now); err != nil {
		return nil, err
	}
	it, err = c.Items.UpdateItem(c.ClientID, it.AccessToken, func(it *product.Item) *wire.Error {
		ext := extOf(*it)
		ext.Imported = true // a Permissions Manager Item (/sandbox/item/application/seed)
		it.Ext = it.Ext.With("items", ext)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &importResponse{AccessToken: it.AccessToken}, nil
}
