package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type itemPublicTokenExchangeRequest struct {
	product.Credentials
	PublicToken string `json:"public_token" plaid:"required"`
}

type itemPublicTokenExchangeResponse struct {
	AccessToken string `json:"access_token"`
	ItemID      string `json:"item_id"`
	wire.Response
}

// handleItemPublicTokenExchange serves POST /item/public_token/exchange. A
// public token works once, for 30 minutes, for the client that made it.
func handleItemPublicTokenExchange(c *call, req *itemPublicTokenExchangeRequest) (any, *wire.Error) {
	it, err := c.s.store.exchange(c.ClientID, req.PublicToken, c.Now)
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

// handleItemGet serves POST /item/get. It answers 200 even when the Item is
// in an error state, with item.error set.
func handleItemGet(c *call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := c.s.store.itemFor(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	it = c.s.aged(it)
	j := it.JSON()
	created := product.RFC3339(it.CreatedAt)
	j.CreatedAt = &created
	j.ConsentedUseCases = []string{}
	j.ConsentedDataScopes = []string{}
	status := &itemStatusJSON{}
	if it.HasProduct("investments") { // its data is the Item's from the start
		status.Investments = &updateStatusJSON{LastSuccessfulUpdate: &created}
	}
	if at, ok := c.s.store.txLastUpdate(it.ID); ok {
		ts := product.RFC3339(at)
		status.Transactions = &updateStatusJSON{LastSuccessfulUpdate: &ts}
	}
	if last, ok := c.s.hooks.LastSent(it.ID); ok {
		at := product.RFC3339(last.At)
		status.LastWebhook = &lastWebhookJSON{SentAt: &at, CodeSent: last.Code}
	}
	return &itemGetResponse{Item: j, Status: status}, nil
}

type itemRemoveRequest struct {
	product.Credentials
	AccessToken string  `json:"access_token" plaid:"required"`
	ReasonCode  *string `json:"reason_code" plaid:"enum=item_remove_reasons"`
	ReasonNote  *string `json:"reason_note" plaid:"maxlen=512"`
}

// handleItemRemove serves POST /item/remove: the access token and every
// token of the Item stop working.
func handleItemRemove(c *call, req *itemRemoveRequest) (any, *wire.Error) {
	id := c.s.store.itemIDFor(req.AccessToken) // for the journal: the token is gone after
	if err := c.s.store.removeItem(c.ClientID, req.AccessToken); err != nil {
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

// handleItemAccessTokenInvalidate serves POST /item/access_token/invalidate:
// the Item gets a new access token and the old one stops working.
func handleItemAccessTokenInvalidate(c *call, req *itemAccessTokenInvalidateRequest) (any, *wire.Error) {
	tok, err := c.s.store.rotateAccessToken(c.ClientID, req.AccessToken)
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

// handleItemWebhookUpdate serves POST /item/webhook/update; null or "" removes
// the webhook.
func handleItemWebhookUpdate(c *call, req *itemWebhookUpdateRequest) (any, *wire.Error) {
	it, err := c.s.store.updateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
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
		c.Emit(product.WebhookAcknowledged{It: it})
	}
	return &itemResponse{Item: it.JSON()}, nil
}
