// Package items serves the Item endpoints every product shares: the
// public token's exchange, /item/get, /item/remove, the access token's
// rotation and the webhook's update, and the Sandbox's Item endpoints
// (login reset, webhooks fired, micro-deposit verification).
// https://plaid.com/docs/api/items/
package items

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Door is its door to the store.
type Door interface {
	// FireTrigger is what firing "TYPE/CODE" does, from every module's
	// FireTriggers (product.Firer).
	FireTrigger(key string) (product.FireTrigger, bool)
	// Exchange consumes a public token of clientID: the Item's access token.
	Exchange(clientID, publicToken string, now time.Time) (product.Item, *wire.Error)
	// AgedItem is the client's Item behind accessToken, as old as it is
	// (an Item past Sandbox's lifetime needs a new login).
	AgedItem(clientID, accessToken string) (product.Item, *wire.Error)
	// TransactionsUpdated is when the Item's transactions last updated.
	TransactionsUpdated(itemID string) (time.Time, bool)
	// LastWebhook is the last webhook sent for the Item: when, and its code.
	LastWebhook(itemID string) (time.Time, string, bool)
	// ItemIDFor is the Item id behind an access token ("" when none).
	ItemIDFor(accessToken string) string
	// RemoveItem removes the Item and every token for it.
	RemoveItem(clientID, accessToken string) *wire.Error
	// RotateAccessToken gives the Item a new access token; the old one stops working.
	RotateAccessToken(clientID, accessToken string) (string, *wire.Error)
	// CreateItem logs in (logins.Login) and stores a new Item of clientID's, without Link.
	CreateItem(clientID string, now time.Time, n logins.NewItem) (product.Item, *wire.Error)
	// IssuePublicToken makes a public token for the Item: it, and when it expires.
	IssuePublicToken(clientID, itemID string, now time.Time) (string, time.Time)
	// AllItems are copies of every Item; UpdateItemByID changes one by id
	// under the store's lock (for what the clock brings, verify.go).
	AllItems() []product.Item
	// ResolveUser is the client's Plaid user named by user_id or
	// user_token; AttachUserItem ties an Item to it (and tells Income of
	// its income_verification).
	ResolveUser(clientID string, userID, userToken *string) (string, *wire.Error)
	AttachUserItem(c *product.Call, l product.UserLink) (map[string]any, *wire.Error)
	UpdateItemByID(id string, fn func(*product.Item) *wire.Error) (product.Item, *wire.Error)
}

// API is the module.
type API struct{ door Door }

// New makes the module on its door.
func New(door Door) *API { return &API{door: door} }

func (p *API) Name() string { return "items" }

func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{
		product.Op("/sandbox/public_token/create", p.handleSandboxPublicTokenCreate),
		product.Op("/item/public_token/create", p.handlePublicTokenCreate),
		product.Op("/item/import", p.handleImport),
		product.Op("/auth/verify", p.handleAuthVerify),
		product.Op("/item/public_token/exchange", p.handleExchange),
		product.Op("/item/get", p.handleGet),
		product.Op("/item/remove", p.handleRemove),
		product.Op("/item/products/terminate", p.handleProductsTerminate),
		product.Op("/item/activity/list", handleActivityList),
		product.Op("/item/application/list", handleApplicationList),
		product.Op("/item/application/scopes/update", handleScopesUpdate),
		product.Op("/item/application/unlink", handleApplicationUnlink),
		product.Op("/item/access_token/invalidate", p.handleInvalidate),
		product.Op("/item/webhook/update", handleWebhookUpdate),
		product.Op("/sandbox/item/reset_login", handleSandboxItemResetLogin),
		product.Op("/sandbox/item/fire_webhook", p.handleSandboxItemFireWebhook),
		product.Op("/sandbox/item/set_verification_status", handleSandboxItemSetVerificationStatus),
		product.Op("/sandbox/item/application/seed", handleApplicationSeed),
	}
}

type itemPublicTokenExchangeRequest struct {
	product.Credentials
	PublicToken string `json:"public_token" plaid:"required"`
}

type itemPublicTokenExchangeResponse struct {
	AccessToken string `json:"access_token"`
	ItemID      string `json:"item_id"`
	wire.Response
}

// handleExchange serves POST /item/public_token/exchange. A
// public token works once, for 30 minutes, for the client that made it.
func (p *API) handleExchange(c *product.Call, req *itemPublicTokenExchangeRequest) (any, *wire.Error) {
	it, err := p.door.Exchange(c.ClientID, req.PublicToken, c.Now)
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID // for the journal: the request names no access token
	return &itemPublicTokenExchangeResponse{AccessToken: it.AccessToken, ItemID: it.ID}, nil
}

type itemGetResponse struct {
	Item   product.ItemJSON `json:"item"`
	Status *itemStatusJSON  `json:"status"`
	wire.Response
}

type itemStatusJSON struct {
	Investments  *updateStatusJSON `json:"investments"`
	Transactions *updateStatusJSON `json:"transactions"`
	LastWebhook  *lastWebhookJSON  `json:"last_webhook"`
}

type updateStatusJSON struct {
	LastSuccessfulUpdate *string `json:"last_successful_update"`
	LastFailedUpdate     *string `json:"last_failed_update"`
}

type lastWebhookJSON struct {
	SentAt   *string `json:"sent_at"`
	CodeSent string  `json:"code_sent"`
}

// handleGet serves POST /item/get. It answers 200 even when the Item is
// in an error state, with item.error set.
func (p *API) handleGet(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := p.door.AgedItem(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	j := it.JSON()
	created := product.RFC3339(it.CreatedAt)
	j.CreatedAt = &created
	j.ConsentedUseCases = []string{}
	j.ConsentedDataScopes = []string{}
	status := &itemStatusJSON{}
	if it.HasProduct("investments") { // its data is the Item's from the start
		status.Investments = &updateStatusJSON{LastSuccessfulUpdate: &created}
	}
	if at, ok := p.door.TransactionsUpdated(it.ID); ok {
		ts := product.RFC3339(at)
		status.Transactions = &updateStatusJSON{LastSuccessfulUpdate: &ts}
	}
	if when, code, ok := p.door.LastWebhook(it.ID); ok {
		at := product.RFC3339(when)
		status.LastWebhook = &lastWebhookJSON{SentAt: &at, CodeSent: code}
	}
	return &itemGetResponse{Item: j, Status: status}, nil
}

type itemRemoveRequest struct {
	product.Credentials
	AccessToken string  `json:"access_token" plaid:"required"`
	ReasonCode  *string `json:"reason_code" plaid:"enum=item_remove_reasons"`
	ReasonNote  *string `json:"reason_note" plaid:"maxlen=512"`
}

// handleRemove serves POST /item/remove: the access token and every
// token of the Item stop working.
func (p *API) handleRemove(c *product.Call, req *itemRemoveRequest) (any, *wire.Error) {
	return p.remove(c, req.AccessToken)
}

// remove removes the client's Item behind accessToken (/item/remove,
// /item/products/terminate).
func (p *API) remove(c *product.Call, accessToken string) (any, *wire.Error) {
	id := p.door.ItemIDFor(accessToken) // for the journal: the token is gone after
	if err := p.door.RemoveItem(c.ClientID, accessToken); err != nil {
		return nil, err
	}
	c.ItemID = id
	return &wire.Response{}, nil
}

type itemAccessTokenInvalidateRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
}

type itemAccessTokenInvalidateResponse struct {
	NewAccessToken string `json:"new_access_token"`
	wire.Response
}

// handleInvalidate serves POST /item/access_token/invalidate:
// the Item gets a new access token and the old one stops working.
func (p *API) handleInvalidate(c *product.Call, req *itemAccessTokenInvalidateRequest) (any, *wire.Error) {
	tok, err := p.door.RotateAccessToken(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	return &itemAccessTokenInvalidateResponse{NewAccessToken: tok}, nil
}

type itemWebhookUpdateRequest struct {
	product.Credentials
	AccessToken string  `json:"access_token" plaid:"required"`
	Webhook     *string `json:"webhook" plaid:"format=url"`
}

type itemResponse struct {
	Item product.ItemJSON `json:"item"`
	wire.Response
}

// handleWebhookUpdate serves POST /item/webhook/update; null or "" removes
// the webhook.
func handleWebhookUpdate(c *product.Call, req *itemWebhookUpdateRequest) (any, *wire.Error) {
	it, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		it.Webhook = req.Webhook
		if req.Webhook != nil && *req.Webhook == "" {
			it.Webhook = nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if it.Webhook != nil {
		c.Emit(WebhookAcknowledged{It: it})
	}
	return &itemResponse{Item: it.JSON()}, nil
}
