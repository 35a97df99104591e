package accounts

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// authResponse is AuthGetResponse, written from the cached account and Item JSON.
type authResponse struct {
	accounts []*product.Account
	numbers  authNumbers
	item     []byte
}

func (r *authResponse) AppendJSON(b []byte, requestID string) []byte {
	b = append(b, `{"accounts":`...)
	b = product.AppendAccounts(b, r.accounts)
	b = append(b, `,"numbers":`...)
	b = append(b, product.MustMarshal(r.numbers)...)
	b = append(b, `,"item":`...)
	b = append(b, r.item...)
	return product.AppendRequestID(b, requestID)
}

// authNumbers always has all four arrays, empty where the Item has none.
type authNumbers struct {
	ACH           []ACHJSON           `json:"ach"`
	EFT           []EFTJSON           `json:"eft"`
	International []InternationalJSON `json:"international"`
	BACS          []BACSJSON          `json:"bacs"`
}

type ACHJSON struct {
	AccountID                string  `json:"account_id"`
	Account                  string  `json:"account"`
	Routing                  string  `json:"routing"`
	WireRouting              *string `json:"wire_routing"`
	IsTokenizedAccountNumber bool    `json:"is_tokenized_account_number"`
	CanTransferIn            *bool   `json:"can_transfer_in"`
	CanTransferOut           *bool   `json:"can_transfer_out"`
}

type EFTJSON struct {
	AccountID   string `json:"account_id"`
	Account     string `json:"account"`
	Institution string `json:"institution"`
	Branch      string `json:"branch"`
}

type InternationalJSON struct {
	AccountID string `json:"account_id"`
	IBAN      string `json:"iban"`
	BIC       string `json:"bic"`
}

type BACSJSON struct {
	AccountID string `json:"account_id"`
	Account   string `json:"account"`
	SortCode  string `json:"sort_code"`
}

// AuthEligible reports whether an account can carry Auth numbers.
func AuthEligible(a *product.Account) bool {
	return a.Type == "depository" && a.Subtype != nil && slices.Contains(product.AuthSubtypes, *a.Subtype) &&
		(a.ACH != nil || a.EFT != nil || a.International != nil || a.BACS != nil)
}

// HandleAuthGet serves POST /auth/get: the Item's eligible depository
// accounts with their numbers; NO_AUTH_ACCOUNTS when there are none.
func HandleAuthGet(c *product.Call, req *product.AccountsGetRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "auth")
	if err != nil {
		return nil, err
	}
	sel, err := it.SelectAccounts(req.Options.IDs())
	if err != nil {
		return nil, err
	}
	resp := &authResponse{item: it.Raw, numbers: authNumbers{
		ACH: []ACHJSON{}, EFT: []EFTJSON{}, International: []InternationalJSON{}, BACS: []BACSJSON{}}}
	yes, pending := true, false
	for _, a := range sel {
		if !AuthEligible(a) {
			continue
		}
		if v := a.Verification; v != nil && notReady[*v] {
			pending = true // and stays so after a micro-deposit expired or failed: the account is locked
			continue
		}
		resp.accounts = append(resp.accounts, a)
		n := &resp.numbers
		if a.ACH != nil {
			n.ACH = append(n.ACH, ACHJSON{AccountID: a.ID, Account: a.ACH.Account, Routing: a.ACH.Routing,
				WireRouting: a.ACH.WireRouting, CanTransferIn: &yes, CanTransferOut: &yes})
		}
		if a.EFT != nil {
			n.EFT = append(n.EFT, EFTJSON{AccountID: a.ID, Account: a.EFT.Account, Institution: a.EFT.Institution, Branch: a.EFT.Branch})
		}
		if a.International != nil {
			n.International = append(n.International, InternationalJSON{AccountID: a.ID, IBAN: a.International.IBAN, BIC: a.International.BIC})
		}
		if a.BACS != nil {
			n.BACS = append(n.BACS, BACSJSON{AccountID: a.ID, Account: a.BACS.Account, SortCode: a.BACS.SortCode})
		}
	}
	if len(resp.accounts) == 0 && pending {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	if len(resp.accounts) == 0 {
		return nil, wire.New(wire.CodeNoAuthAccounts)
	}
	return resp, nil
}

// notReady are the verification statuses whose account Auth does not
// answer: micro-deposits not sent, not verified yet, expired or failed
// (https://plaid.com/docs/auth/coverage/automated/). Database checks
// answer at once.
var notReady = map[string]bool{"unsent": true, "pending_automatic_verification": true, "pending_manual_verification": true,
	"verification_expired": true, "verification_failed": true}
