// Package enrich is Plaid's Enrich product (/transactions/enrich): a
// client's own transactions, each a description, amount and direction,
// returned with the counterparties, merchant, category, location, logo and
// website a description names. No Item, Link or access token is involved.
//
// The enrichment is a pure function of the transaction and the fixtures:
// rules.yaml first, then the fixtures' merchant catalogue (so a
// description /transactions serves enriches as /transactions shows it),
// then a cleaned name of LOW confidence.
// https://plaid.com/docs/api/products/enrich/#transactionsenrich
package enrich

import (
	"math"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// MaxTransactions is how many transactions one call may enrich.
const MaxTransactions = 100

// Module is Enrich as a product module (it keeps no state).
var Module product.Module = module{}

type module struct{}

func (module) Name() string { return "enrich" }

func (module) Endpoints() []product.Endpoint {
	return []product.Endpoint{product.Op("/transactions/enrich", handleEnrich)}
}

type enrichRequest struct {
	AccountType  string        `json:"account_type" plaid:"required"`
	Transactions []transaction `json:"transactions" plaid:"required"`
	Options      *struct {
		IncludeLegacyCategory *bool   `json:"include_legacy_category"`
		PFCVersion            *string `json:"personal_finance_category_version"`
	} `json:"options"`
}

type transaction struct {
	ID              string    `json:"id"`
	Description     string    `json:"description"`
	Amount          float64   `json:"amount"`
	Direction       string    `json:"direction"`
	ISOCurrencyCode string    `json:"iso_currency_code"`
	Location        *place    `json:"location"`
	MCC             *string   `json:"mcc"`
	DatePosted      *string   `json:"date_posted"`
	UserID          *string   `json:"user_id"`
	ClientUserID    *string   `json:"client_user_id"`
	ClientAccountID *string   `json:"client_account_id"`
	AccountType     *string   `json:"account_type"`
	AccountSubtype  *string   `json:"account_subtype"`
	_               wire.Open // the spec takes other keys
}

// place is a location the client gives.
type place struct {
	Country    *string `json:"country"`
	Region     *string `json:"region"`
	City       *string `json:"city"`
	Address    *string `json:"address"`
	PostalCode *string `json:"postal_code"`
	_          wire.Open
}

type enrichResponse struct {
	wire.Response
	EnrichedTransactions []enriched `json:"enriched_transactions"`
}

type enriched struct {
	ID              string      `json:"id"`
	ClientUserID    *string     `json:"client_user_id,omitempty"`
	ClientAccountID *string     `json:"client_account_id,omitempty"`
	AccountType     *string     `json:"account_type,omitempty"`
	AccountSubtype  *string     `json:"account_subtype,omitempty"`
	Description     string      `json:"description"`
	Amount          float64     `json:"amount"`
	Direction       string      `json:"direction"`
	ISOCurrencyCode string      `json:"iso_currency_code"`
	Enrichments     enrichments `json:"enrichments"`
}

func handleEnrich(c *product.Call, req *enrichRequest) (any, *wire.Error) {
	if req.AccountType != "depository" && req.AccountType != "credit" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("account_type must be depository or credit, not %q", wire.Clip(req.AccountType, 40))
	}
	if n := len(req.Transactions); n == 0 || n > MaxTransactions {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("transactions must contain 1 to %d items, not %d", MaxTransactions, n)
	}
	opts := options{version: "v1"}
	if o := req.Options; o != nil {
		opts.legacy = o.IncludeLegacyCategory != nil && *o.IncludeLegacyCategory
		if o.PFCVersion != nil {
			opts.version = *o.PFCVersion
		}
	}
	out := &enrichResponse{EnrichedTransactions: make([]enriched, len(req.Transactions))}
	for i, t := range req.Transactions {
		if math.IsNaN(t.Amount) || t.Amount < 0 {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("transactions[%d].amount must be the absolute value, 0 or more: direction says which way it went", i)
		}
		if t.ID == "" || t.Description == "" {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("transactions[%d]: id and description must not be empty", i)
		}
		out.EnrichedTransactions[i] = enriched{ID: t.ID, ClientUserID: t.ClientUserID, ClientAccountID: t.ClientAccountID,
			AccountType: t.AccountType, AccountSubtype: t.AccountSubtype, Description: t.Description, Amount: t.Amount,
			Direction: t.Direction, ISOCurrencyCode: t.ISOCurrencyCode, Enrichments: enrich(c.Fixtures, &t, opts)}
	}
	return out, nil
}
