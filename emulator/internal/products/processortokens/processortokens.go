// Package processortokens serves the app's side of processor partners:
// processor (and Stripe) tokens made for one account of an Item, their
// product permissions and webhooks, and the Sandbox's shortcut that makes
// an Item and a token at once. The partner's side (/processor/auth/get and
// the rest) is each product's.
// https://plaid.com/docs/api/processors/
package processortokens

import (
	"net/http"
	"time"

	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Door is its door to the store, which keeps the tokens.
type Door interface {
	// IssueToken makes a processor token of clientID for an account of its Item.
	IssueToken(clientID, itemID, accountID, processor string) string
	// CreateItem logs in (logins.Login) and stores a new Item of clientID's, without Link.
	CreateItem(clientID string, now time.Time, n logins.NewItem) (product.Item, *wire.Error)
	// TokenPermissions are the products a token of the app clientID may
	// reach (nil: all); false when it has no such token.
	TokenPermissions(clientID, token string) ([]string, bool)
	// SetTokenPermissions sets them, as the app; false when it has no such token.
	SetTokenPermissions(clientID, token string, products []string) bool
	// SetTokenWebhook sets a token's webhook, as its app or partner: the
	// token's Item and account; false when there is no such token.
	SetTokenWebhook(clientID, token string, webhook *string) (product.Item, string, bool)

	// For the legacy /exchange_token:
	// Now is the emulator clock.
	Now() time.Time
	// Authenticate checks the client credentials of a request (headers or
	// body fields): the client's id.
	Authenticate(r *http.Request, fields map[string]any) (string, *wire.Error)
	// PublicItem is the Item a public token of clientID's would give,
	// without using the token up; Exchange uses it up.
	PublicItem(clientID, publicToken string, now time.Time) (product.Item, *wire.Error)
	Exchange(clientID, publicToken string, now time.Time) (product.Item, *wire.Error)
	// LegacyPartner is the client's legacy_partner fixture setting.
	LegacyPartner(clientID string) string
	// CheckItem fails as a product call on the Item would with its error state.
	CheckItem(clientID, accessToken string) *wire.Error
}

// API is the module.
type API struct{ door Door }

// New makes the module on its door.
func New(door Door) *API { return &API{door: door} }

func (p *API) Name() string { return "processor_tokens" }

func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/processor/token/create", p.handleTokenCreate),
		product.Op("/processor/apex/processor_token/create", p.handleApexTokenCreate),
		product.Op("/processor/stripe/bank_account_token/create", p.handleStripeTokenCreate),
		product.Op("/sandbox/processor_token/create", p.handleSandboxTokenCreate),
		product.Op("/processor/token/permissions/set", p.handlePermissionsSet),
		product.Op("/processor/token/permissions/get", p.handlePermissionsGet),
		product.Op("/processor/token/webhook/update", p.handleWebhookUpdate),
	}
}

type tokenCreateRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	AccountID   string `json:"account_id" plaid:"required"`
	Processor   string `json:"processor" plaid:"required,enum=processors"`
}

type tokenResponse struct {
	ProcessorToken string `json:"processor_token"`
	wire.Response
}

// handleTokenCreate serves POST /processor/token/create.
func (p *API) handleTokenCreate(c *product.Call, req *tokenCreateRequest) (any, *wire.Error) {
	tok, err := p.token(c, req.AccessToken, req.AccountID, req.Processor, false)
	if err != nil {
		return nil, err
	}
	return &tokenResponse{ProcessorToken: tok}, nil
}

type accountTokenRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	AccountID   string `json:"account_id" plaid:"required"`
}

// handleApexTokenCreate serves POST /processor/apex/processor_token/create
// (the per-partner legacy route).
func (p *API) handleApexTokenCreate(c *product.Call, req *accountTokenRequest) (any, *wire.Error) {
	tok, err := p.token(c, req.AccessToken, req.AccountID, "apex_clearing", false)
	if err != nil {
		return nil, err
	}
	return &tokenResponse{ProcessorToken: tok}, nil
}

type stripeTokenResponse struct {
	StripeBankAccountToken string `json:"stripe_bank_account_token"`
	wire.Response
}

// handleStripeTokenCreate serves POST
// /processor/stripe/bank_account_token/create: depository accounts only.
func (p *API) handleStripeTokenCreate(c *product.Call, req *accountTokenRequest) (any, *wire.Error) {
	tok, err := p.token(c, req.AccessToken, req.AccountID, "stripe", true)
	if err != nil {
		return nil, err
	}
	return &stripeTokenResponse{StripeBankAccountToken: tok}, nil
}

// token checks the Item and account and issues a token.
func (p *API) token(c *product.Call, accessToken, accountID, processor string, depositoryOnly bool) (string, *wire.Error) {
	it, err := c.ProductItem(accessToken, "")
	if err != nil {
		return "", err
	}
	i := product.AccountIndex(it, accountID)
	if i < 0 {
		return "", wire.New(wire.CodeInvalidAccountID)
	}
	if depositoryOnly && it.Accounts[i].Type != "depository" {
		return "", wire.New(wire.CodeInvalidAccountID).WithMessage("account_id specified does not belong to a depository account")
	}
	return p.door.IssueToken(c.ClientID, it.ID, accountID, processor), nil
}

type sandboxTokenCreateRequest struct {
	product.Credentials
	InstitutionID string `json:"institution_id" plaid:"required,minlen=1"`
	Options       *struct {
		OverrideUsername *string `json:"override_username"`
		OverridePassword *string `json:"override_password"`
	} `json:"options"`
}

// handleSandboxTokenCreate serves POST /sandbox/processor_token/create: an
// Item made behind the scenes, and a token for its first checking account.
func (p *API) handleSandboxTokenCreate(c *product.Call, req *sandboxTokenCreateRequest) (any, *wire.Error) {
	products := []string{"auth"}
	if inst := c.Fixtures.Institution(req.InstitutionID); inst != nil && !slices.Contains(inst.Products, "auth") && len(inst.Products) > 0 {
		products = []string{inst.Products[0]}
	}
	var username, password string
	if o := req.Options; o != nil {
		username, password = product.Deref(o.OverrideUsername, ""), product.Deref(o.OverridePassword, "")
	}
	it, err := p.door.CreateItem(c.ClientID, c.Now, logins.NewItem{InstitutionID: req.InstitutionID, Products: products, Username: username, Password: password})
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID // for the journal: the answer names only a processor token
	pick := slices.IndexFunc(it.Accounts, func(a product.Account) bool { return a.Subtype != nil && *a.Subtype == "checking" })
	if pick < 0 {
		pick = slices.IndexFunc(it.Accounts, func(a product.Account) bool { return a.Type == "depository" })
	}
	if pick < 0 {
		pick = 0
	}
	return &tokenResponse{ProcessorToken: p.door.IssueToken(c.ClientID, it.ID, it.Accounts[pick].ID, "sandbox")}, nil
}

type permissionsSetRequest struct {
	product.Credentials
	ProcessorToken string   `json:"processor_token" plaid:"required"`
	Products       []string `json:"products" plaid:"required,enum=products"`
}

// handlePermissionsSet serves POST /processor/token/permissions/set; an
// empty list allows every product.
func (p *API) handlePermissionsSet(c *product.Call, req *permissionsSetRequest) (any, *wire.Error) {
	var products []string
	if len(req.Products) > 0 {
		products = slices.Clone(req.Products)
	}
	if !p.door.SetTokenPermissions(c.ClientID, req.ProcessorToken, products) {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	return &wire.Response{}, nil
}

type permissionsGetResponse struct {
	Products []string `json:"products"`
	wire.Response
}

// handlePermissionsGet serves POST /processor/token/permissions/get.
func (p *API) handlePermissionsGet(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	products, ok := p.door.TokenPermissions(c.ClientID, req.ProcessorToken)
	if !ok {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	return &permissionsGetResponse{Products: product.NonNil(products)}, nil
}

type webhookUpdateRequest struct {
	product.Credentials
	ProcessorToken string  `json:"processor_token" plaid:"required"`
	Webhook        *string `json:"webhook" plaid:"required,format=url"`
}

// handleWebhookUpdate serves POST /processor/token/webhook/update.
func (p *API) handleWebhookUpdate(c *product.Call, req *webhookUpdateRequest) (any, *wire.Error) {
	it, accountID, ok := p.door.SetTokenWebhook(c.ClientID, req.ProcessorToken, req.Webhook)
	if !ok {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	if it.ID != "" && req.Webhook != nil && *req.Webhook != "" {
		c.Emit(WebhookAcknowledged{It: it, AccountID: accountID, URL: *req.Webhook})
	}
	return &wire.Response{}, nil
}
