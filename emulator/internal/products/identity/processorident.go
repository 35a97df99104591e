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
