package identity

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type processorIdentityGetResponse struct {
	Account IdentityAccountJSON `json:"account"`
	wire.Response
}

// HandleProcessorIdentityGet serves POST /processor/identity/get.
func HandleProcessorIdentityGet(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "identity")
	if err != nil {
		return nil, err
	}
	a := &it.Accounts[i]
	return &processorIdentityGetResponse{Account: IdentityAccountJSON{AccountJSON: a.JSON(), Owners: product.NonNil(a.Owners)}}, nil
}

// /processor/identity/match: the partner checks what its customer told it
// against the account's owners (scored as /identity/match does).

type processorIdentityMatchRequest struct {
	product.Credentials
	ProcessorToken string     `json:"processor_token" plaid:"required"`
	User           *MatchUser `json:"user"`
}

type processorIdentityMatchResponse struct {
	Account IdentityMatchAccount `json:"account"`
	wire.Response
}

// HandleProcessorIdentityMatch serves POST /processor/identity/match.
func HandleProcessorIdentityMatch(c *product.Call, req *processorIdentityMatchRequest) (any, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "identity_match")
	if err != nil {
		return nil, err
	}
	return &processorIdentityMatchResponse{Account: MatchScores(&it.Accounts[i], req.User)}, nil
}
