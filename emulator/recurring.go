package emulator

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
	Options     *recurringOptions `json:"options"`
}

type recurringOptions struct {
	IncludePersonalFinanceCategory *bool   `json:"include_personal_finance_category"`
	PersonalFinanceCategoryVersion *string `json:"personal_finance_category_version" plaid:"enum=pfc_versions"`
}

// version is the personal_finance_category version asked for ("": none).
func (o *recurringOptions) version() string {
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

// handleTransactionsRecurringGet serves POST /transactions/recurring/get.
func handleTransactionsRecurringGet(c *call, req *transactionsRecurringGetRequest) (any, *wire.Error) {
	it, started, err := c.transactionsItem(req.AccessToken, 0)
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
	return c.recurringCore(it, started, want, req.Options.version())
}

// recurringCore answers recurring/get for the wanted accounts of an Item.
func (c *call) recurringCore(it product.Item, started bool, want map[int32]bool, version string) (*transactionsRecurringGetResponse, *wire.Error) {
	st := c.s.store
	st.mu.RLock()
	defer st.mu.RUnlock()
	ts := st.tx[it.ID]
	if ts == nil || started || ts.Status == ledger.NotReady {
		return nil, wire.New(wire.CodeProductNotReady)
	}
	out := &transactionsRecurringGetResponse{UpdatedDatetime: product.RFC3339(ts.LastUpdate)}
	if version != "" {
		out.PersonalFinanceCategoryVersion = &version
	}
	out.InflowStreams, out.OutflowStreams = st.Streams(it.ID, accountIDs(it.Accounts), ts, want, ledger.Day(c.Now), version)
	return out, nil
}

// accountIDs lists accounts' ids in order.
func accountIDs(accts []product.Account) []string {
	out := make([]string, len(accts))
	for i, a := range accts {
		out[i] = a.ID
	}
	return out
}
