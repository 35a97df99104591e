package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/statements"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// publicTokenTTL is how long a public token can be exchanged (https://plaid.com/docs/api/tokens/).
const publicTokenTTL = 30 * time.Minute

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

type sandboxPublicTokenCreateResponse struct {
	PublicToken string `json:"public_token"`
	wire.Response
}

// handleSandboxPublicTokenCreate serves POST /sandbox/public_token/create:
// it creates an Item without Link and returns a public token for it.
func handleSandboxPublicTokenCreate(c *call, req *sandboxPublicTokenCreateRequest) (any, *wire.Error) {
	p := newItemParams{clientID: c.ClientID, institutionID: req.InstitutionID, products: req.InitialProducts, now: c.Now}
	if o := req.Options; o != nil {
		p.webhook = o.Webhook
		if o.OverrideUsername != nil {
			p.username = *o.OverrideUsername
		}
		if o.OverridePassword != nil {
			p.password = *o.OverridePassword
		}
		if o.Transactions != nil && o.Transactions.DaysRequested != nil {
			p.daysRequested = *o.Transactions.DaysRequested
		}
		if st := o.Statements; st != nil {
			if err := product.CheckDateRange(st.StartDate, st.EndDate); err != nil {
				return nil, err
			}
			from, to, err := statements.Range(st.StartDate, st.EndDate, c.Now)
			if err != nil {
				return nil, err
			}
			p.statementsFrom, p.statementsTo = from, to
		}
	}
	it, err := c.s.createItem(p)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID // for the journal: the answer names only a public token
	tok := c.s.store.addPublicToken(c.ClientID, it.ID, c.Now)
	return &sandboxPublicTokenCreateResponse{PublicToken: tok}, nil
}
