package liabilities

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type processorLiabilitiesGetResponse struct {
	Account     product.AccountJSON `json:"account"`
	Liabilities LiabilitiesJSON     `json:"liabilities"`
	wire.Response
}

// HandleProcessorLiabilitiesGet serves POST /processor/liabilities/get; an
// account that is no credit card or loan is NO_LIABILITY_ACCOUNTS.
func HandleProcessorLiabilitiesGet(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "liabilities")
	if err != nil {
		return nil, err
	}
	a := &it.Accounts[i]
	if !IsLiability(a) {
		return nil, wire.New(wire.CodeNoLiabilityAccounts)
	}
	return &processorLiabilitiesGetResponse{Account: a.JSON(), Liabilities: LiabilitiesOf([]*product.Account{a})}, nil
}
