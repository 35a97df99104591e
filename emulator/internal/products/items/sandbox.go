package items

// The Sandbox's Item endpoints: a login reset, a webhook fired, a
// micro-deposit account's verification set.
// https://plaid.com/docs/api/sandbox/

import (
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type sandboxItemFireWebhookRequest struct {
	product.Credentials
	AccessToken string  `json:"access_token" plaid:"required"`
	WebhookType *string `json:"webhook_type" plaid:"enum=webhook_types"`
	WebhookCode string  `json:"webhook_code" plaid:"required,enum=fire_webhook_codes"`
}

type sandboxItemFireWebhookResponse struct {
	WebhookFired bool `json:"webhook_fired"`
	wire.Response
}

// handleSandboxItemFireWebhook serves POST /sandbox/item/fire_webhook: it
// sends the webhook the code names and changes the Item as Plaid's would.
func (p *API) handleSandboxItemFireWebhook(c *product.Call, req *sandboxItemFireWebhookRequest) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	typ := defaultTypes[req.WebhookCode]
	if typ == "" {
		typ = "TRANSACTIONS"
	}
	if req.WebhookType != nil {
		typ = *req.WebhookType
	}
	trig, ok := p.door.FireTrigger(typ + "/" + req.WebhookCode)
	if !ok {
		if typ == "ASSETS" {
			return nil, wire.New(wire.CodeSandboxProductNotEnabled, "assets")
		}
		return nil, wire.New(wire.CodeInvalidField).WithMessage("webhook_code %s cannot be fired for webhook_type %s", req.WebhookCode, typ)
	}
	if it.Webhook == nil || *it.Webhook == "" {
		return nil, wire.New(wire.CodeSandboxWebhookInvalid)
	}
	if trig.Product != "" && !it.HasProduct(trig.Product) {
		return nil, wire.New(wire.CodeSandboxProductNotEnabled, strings.ToLower(trig.Product))
	}
	if trig.Change != nil {
		it, err = c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error { trig.Change(it); return nil })
		if err != nil {
			return nil, err
		}
	}
	c.Emit(product.WebhookFired{It: it, Type: typ, Code: req.WebhookCode, Fields: trig.Fields(c.Now, it)})
	return &sandboxItemFireWebhookResponse{WebhookFired: true}, nil
}

type sandboxItemSetVerificationStatusRequest struct {
	product.Credentials
	AccessToken        string `json:"access_token" plaid:"required"`
	AccountID          string `json:"account_id" plaid:"required"`
	VerificationStatus string `json:"verification_status" plaid:"required,enum=verification_statuses"`
}

// handleSandboxItemSetVerificationStatus serves POST
// /sandbox/item/set_verification_status for Automated Micro-deposit
// accounts, and fires AUTH AUTOMATICALLY_VERIFIED or VERIFICATION_EXPIRED.
func handleSandboxItemSetVerificationStatus(c *product.Call, req *sandboxItemSetVerificationStatusRequest) (any, *wire.Error) {
	it, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		for i := range it.Accounts {
			a := &it.Accounts[i]
			if a.ID != req.AccountID {
				continue
			}
			if a.Verification == nil {
				return wire.New(wire.CodeInvalidField).WithMessage("account_id is not an Automated Micro-deposits account awaiting verification")
			}
			accts := append([]product.Account(nil), it.Accounts...)
			accts[i].Verification = product.Ptr(req.VerificationStatus)
			it.Accounts = accts
			return nil
		}
		return wire.New(wire.CodeInvalidAccountID)
	})
	if err != nil {
		return nil, err
	}
	c.Emit(VerificationChanged{It: it, AccountID: req.AccountID, State: req.VerificationStatus})
	return &wire.Response{}, nil
}

type sandboxItemResetLoginResponse struct {
	ResetLogin bool `json:"reset_login"`
	wire.Response
}

// handleSandboxItemResetLogin serves POST /sandbox/item/reset_login: the Item
// enters ITEM_LOGIN_REQUIRED until repaired through Link's update mode.
func handleSandboxItemResetLogin(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		it.Err = wire.New(wire.CodeItemLoginRequired).ForItem()
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Emit(product.ItemStateChanged{It: it, State: wire.CodeItemLoginRequired})
	return &sandboxItemResetLoginResponse{ResetLogin: true}, nil
}
