package transactions

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /transactions/recurring/get and its webhook; the streams are the ledger's.

type transactionsRecurringGetRequest struct {
	product.Credentials
	AccessToken string            `json:"access_token" plaid:"required"`
	AccountIDs  []string          `json:"account_ids"`
	Options     *RecurringOptions `json:"options"`
}

type RecurringOptions struct {
	IncludePersonalFinanceCategory *bool   `json:"include_personal_finance_category"`
	PersonalFinanceCategoryVersion *string `json:"personal_finance_category_version" plaid:"enum=pfc_versions"`
}

// Version is the personal_finance_category version asked for ("": none).
func (o *RecurringOptions) Version() string {
	if o == nil || o.PersonalFinanceCategoryVersion == nil {
		return ""
	}
	return *o.PersonalFinanceCategoryVersion
}

type transactionsRecurringGetResponse struct {
	InflowStreams                  []ledger.Stream `json:"inflow_streams"`
	OutflowStreams                 []ledger.Stream `json:"outflow_streams"`
	PersonalFinanceCategoryVersion *string         `json:"personal_finance_category_version,omitempty"`
	UpdatedDatetime                string          `json:"updated_datetime"`
	wire.Response
}

// HandleTransactionsRecurringGet serves POST /transactions/recurring/get.
func (p *API) HandleTransactionsRecurringGet(c *product.Call, req *transactionsRecurringGetRequest) (any, *wire.Error) {
	it, started, err := p.transactionsItem(c, req.AccessToken, 0)
	if err != nil {
		return nil, err
	}
	want := map[int32]bool{}
	for _, id := range req.AccountIDs {
		i := product.AccountIndex(it, id)
		if i < 0 {
			return nil, wire.New(wire.CodeInvalidAccountID)
		}
		want[i] = true
	}
	return p.RecurringCore(c, it, started, want, req.Options.Version())
}

// RecurringCore answers recurring/get for the wanted accounts of an Item.
func (p *API) RecurringCore(c *product.Call, it product.Item, started bool, want map[int32]bool, version string) (*transactionsRecurringGetResponse, *wire.Error) {
	var out *transactionsRecurringGetResponse
	p.door.Locked(it.ID, func(ts *ledger.State) bool {
		if ts == nil || started || ts.Status == ledger.NotReady {
			return false
		}
		out = &transactionsRecurringGetResponse{UpdatedDatetime: product.RFC3339(ts.LastUpdate)}
		if version != "" {
			out.PersonalFinanceCategoryVersion = &version
		}
		out.InflowStreams, out.OutflowStreams = p.door.Catalog().Streams(it.ID, product.AccountIDs(it.Accounts), ts, want, ledger.Day(c.Now), version)
		return false
	})
	if out == nil {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	return out, nil
}
