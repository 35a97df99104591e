package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/identity"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /processor/identity/match: the partner checks what its customer told it
// against the account's owners (scored as /identity/match does).

type processorIdentityMatchRequest struct {
	product.Credentials
	ProcessorToken string              `json:"processor_token" plaid:"required"`
	User           *identity.MatchUser `json:"user"`
}

type processorIdentityMatchResponse struct {
	Account identity.IdentityMatchAccount `json:"account"`
	wire.Response
}

// handleProcessorIdentityMatch serves POST /processor/identity/match.
func handleProcessorIdentityMatch(c *call, req *processorIdentityMatchRequest) (any, *wire.Error) {
	_, it, i, err := c.processorAccount(req.ProcessorToken, "identity_match")
	if err != nil {
		return nil, err
	}
	return &processorIdentityMatchResponse{Account: identity.MatchScores(&it.Accounts[i], req.User)}, nil
}
