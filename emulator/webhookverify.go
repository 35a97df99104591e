package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type webhookVerificationKeyGetRequest struct {
	product.Credentials
	KeyID string `json:"key_id" plaid:"required"`
}

type webhookVerificationKeyGetResponse struct {
	Key webhooks.JWK `json:"key"`
	wire.Response
}

// handleWebhookVerificationKeyGet serves POST /webhook_verification_key/get.
func handleWebhookVerificationKeyGet(c *call, req *webhookVerificationKeyGetRequest) (any, *wire.Error) {
	k, ok := c.s.keys.JWK(req.KeyID)
	if !ok {
		return nil, wire.New(wire.CodeInvalidWebhookKeyID)
	}
	return &webhookVerificationKeyGetResponse{Key: k}, nil
}
