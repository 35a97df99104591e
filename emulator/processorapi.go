package emulator

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The partner side: a processor token sees exactly one account of one Item,
// and inherits the Item's state.

// processorAccountOf starts every partner call: the token's Item (failing
// with its error state), the account index, and product checks: the
// token's permissions, then the Item (adding the product on first use).
func processorAccountOf(s *Server, clientID, tok, prod string) (procToken, product.Item, int32, *wire.Error) {
	pt, it, ok := s.store.procTokenFor(clientID, tok)
	if !ok {
		return procToken{}, product.Item{}, 0, wire.New(wire.CodeInvalidProcessorToken)
	}
	it = s.aged(it)
	if it.Err != nil {
		return procToken{}, product.Item{}, 0, it.Err
	}
	if prod != "" && pt.products != nil && !slices.Contains(pt.products, prod) {
		return procToken{}, product.Item{}, 0, wire.New(wire.CodeProductNotEnabled).WithMessage(
			"the processor token is not permitted to access the %s product; see /processor/token/permissions/set", prod)
	}
	if prod != "" && prod != "balance" && !it.HasProduct(prod) {
		st := s.store
		var err *wire.Error
		if it, err = st.updateItemByIDErr(it.ID, func(x *product.Item) *wire.Error { return st.ensureProduct(x, prod) }); err != nil {
			return procToken{}, product.Item{}, 0, err
		}
	}
	i := product.AccountIndex(it, pt.accountID)
	if i < 0 {
		return procToken{}, product.Item{}, 0, wire.New(wire.CodeInvalidProcessorToken)
	}
	return pt, it, i, nil
}

type processorTokenPermissionsSetRequest struct {
	product.Credentials
	ProcessorToken string   `json:"processor_token" plaid:"required"`
	Products       []string `json:"products" plaid:"required,enum=products"`
}

// handleProcessorTokenPermissionsSet serves POST
// /processor/token/permissions/set; an empty list allows every product.
func handleProcessorTokenPermissionsSet(c *call, req *processorTokenPermissionsSetRequest) (any, *wire.Error) {
	ok := c.s.store.updateProcToken(c.ClientID, req.ProcessorToken, true, func(pt *procToken) { // the app's to set
		pt.products = nil
		if len(req.Products) > 0 {
			pt.products = slices.Clone(req.Products)
		}
	})
	if !ok {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	return &wire.Response{}, nil
}

type processorTokenPermissionsGetResponse struct {
	Products []string `json:"products"`
	wire.Response
}

// handleProcessorTokenPermissionsGet serves POST /processor/token/permissions/get.
func handleProcessorTokenPermissionsGet(c *call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	pt, _, ok := c.s.store.procTokenFor(c.ClientID, req.ProcessorToken)
	if !ok || pt.clientID != c.ClientID { // the app's to read
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	return &processorTokenPermissionsGetResponse{Products: product.NonNil(pt.products)}, nil
}

type processorTokenWebhookUpdateRequest struct {
	product.Credentials
	ProcessorToken string  `json:"processor_token" plaid:"required"`
	Webhook        *string `json:"webhook" plaid:"required,format=url"`
}

// handleProcessorTokenWebhookUpdate serves POST /processor/token/webhook/update.
func handleProcessorTokenWebhookUpdate(c *call, req *processorTokenWebhookUpdateRequest) (any, *wire.Error) {
	var accountID, itemID string
	ok := c.s.store.updateProcToken(c.ClientID, req.ProcessorToken, false, func(pt *procToken) {
		pt.webhook, accountID, itemID = req.Webhook, pt.accountID, pt.itemID
	})
	if !ok {
		return nil, wire.New(wire.CodeInvalidProcessorToken)
	}
	if it, found := c.s.store.itemByID(itemID); found && req.Webhook != nil && *req.Webhook != "" {
		c.Emit(product.ProcessorWebhookAcknowledged{It: it, AccountID: accountID, URL: *req.Webhook})
	}
	return &wire.Response{}, nil
}
