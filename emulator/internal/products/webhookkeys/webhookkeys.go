// Package webhookkeys serves /webhook_verification_key/get: the public
// half of a key the emulator signs webhooks with, as the JWK a receiver
// verifies the Plaid-Verification JWT with.
// https://plaid.com/docs/api/webhooks/webhook-verification/
package webhookkeys

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Keys is its door: the signing keys' public halves by key id (a value
// that marshals to Plaid's JWK), current or expired.
type Keys interface {
	JWK(kid string) (any, bool)
}

// API is the product module.
type API struct{ keys Keys }

// New makes the module on its door.
func New(keys Keys) *API { return &API{keys: keys} }

func (p *API) Name() string { return "webhook_keys" }

func (p *API) Endpoints() []product.Endpoint {
	return []product.Endpoint{product.Op("/webhook_verification_key/get", p.handleGet)}
}

type getRequest struct {
	product.Credentials
	KeyID string `json:"key_id" plaid:"required"`
}

type getResponse struct {
	Key any `json:"key"`
	wire.Response
}

// handleGet serves POST /webhook_verification_key/get.
func (p *API) handleGet(_ *product.Call, req *getRequest) (any, *wire.Error) {
	k, ok := p.keys.JWK(req.KeyID)
	if !ok {
		return nil, wire.New(wire.CodeInvalidWebhookKeyID)
	}
	return &getResponse{Key: k}, nil
}
