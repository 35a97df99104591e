package accounts

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type processorAccountResponse struct {
	Account       product.AccountJSON `json:"account"`
	InstitutionID *string             `json:"institution_id,omitempty"`
	wire.Response
}

// HandleProcessorAccountGet serves POST /processor/account/get.
func HandleProcessorAccountGet(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "")
	if err != nil {
		return nil, err
	}
	inst := it.InstitutionID
	return &processorAccountResponse{Account: it.Accounts[i].JSON(), InstitutionID: &inst}, nil
}

type processorBalanceGetRequest struct {
	product.Credentials
	ProcessorToken string `json:"processor_token" plaid:"required"`
	Options        *struct {
		MinLastUpdatedDatetime *string `json:"min_last_updated_datetime" plaid:"format=date-time"`
	} `json:"options"`
}

// HandleProcessorBalanceGet serves POST /processor/balance/get.
func HandleProcessorBalanceGet(c *product.Call, req *processorBalanceGetRequest) (any, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "balance")
	if err != nil {
		return nil, err
	}
	return &processorAccountResponse{Account: it.Accounts[i].JSON()}, nil
}

type processorAuthGetResponse struct {
	Account product.AccountJSON `json:"account"`
	Numbers processorNumber     `json:"numbers"`
	wire.Response
}

// processorNumber holds single, nullable numbers (not arrays as /auth/get).
type processorNumber struct {
	ACH           *ACHJSON           `json:"ach"`
	EFT           *EFTJSON           `json:"eft"`
	International *InternationalJSON `json:"international"`
	BACS          *BACSJSON          `json:"bacs"`
}

// HandleProcessorAuthGet serves POST /processor/auth/get.
func HandleProcessorAuthGet(c *product.Call, req *product.ProcessorTokenRequest) (any, *wire.Error) {
	it, i, err := c.Items.ProcessorAccount(c, req.ProcessorToken, "auth")
	if err != nil {
		return nil, err
	}
	a := &it.Accounts[i]
	if !AuthEligible(a) {
		return nil, wire.New(wire.CodeNoAuthAccounts)
	}
	if v := a.Verification; v != nil && notReady[*v] {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	yes := true
	var n processorNumber
	if a.ACH != nil {
		n.ACH = &ACHJSON{AccountID: a.ID, Account: a.ACH.Account, Routing: a.ACH.Routing, WireRouting: a.ACH.WireRouting, CanTransferIn: &yes, CanTransferOut: &yes}
	}
	if a.EFT != nil {
		n.EFT = &EFTJSON{AccountID: a.ID, Account: a.EFT.Account, Institution: a.EFT.Institution, Branch: a.EFT.Branch}
	}
	if a.International != nil {
		n.International = &InternationalJSON{AccountID: a.ID, IBAN: a.International.IBAN, BIC: a.International.BIC}
	}
	if a.BACS != nil {
		n.BACS = &BACSJSON{AccountID: a.ID, Account: a.BACS.Account, SortCode: a.BACS.SortCode}
	}
	return &processorAuthGetResponse{Account: a.JSON(), Numbers: n}, nil
}
