package cra

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Income Insights (II2): the report's posted deposits that read as income
// (ledger.IncomeCategory, as Bank Income reads them), grouped by account and
// description into streams, each with its category (primary.secondary),
// rhythm, status and monthly and annual income; the user's totals sum the
// streams. The emulator models no taxes: gross income is net income.

// craCategory is a Bank Income category as Income Insights names it.
var craCategory = map[string]string{
	"SALARY": "EARNED_INCOME.SALARY", "GIG_ECONOMY": "EARNED_INCOME.GIG_ECONOMY", "MILITARY": "EARNED_INCOME.MILITARY",
	"RENTAL": "PASSIVE_INCOME.RENTAL", "BANK_INTEREST": "PASSIVE_INCOME.INTEREST", "UNEMPLOYMENT": "BENEFITS.UNEMPLOYMENT",
	"LONG_TERM_DISABILITY": "BENEFITS.DISABILITY", "CHILD_SUPPORT": "BENEFITS.CHILD_SUPPORT", "BENEFIT_OTHER": "BENEFITS.OTHER",
	"RETIREMENT": "RETIREMENT.PENSION", "TAX_REFUND": "OTHER.TAX_REFUND", "TRANSFER_FROM_APPLICATION": "OTHER.TRANSFER",
	"CASH_DEPOSIT": "OTHER.CASH_DEPOSIT", "CASH": "OTHER.CASH", "OTHER": "OTHER.OTHER",
}

// defaultFilter is what Income Insights returns without a filter.
var defaultFilter = []string{"EARNED_INCOME.*", "BENEFITS.DISABILITY", "RETIREMENT.*"}

// matches says whether category matches a filter pattern: *, PRIMARY.* or PRIMARY.SECONDARY.
func matches(category string, patterns []string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool {
		if p == "*" || p == category {
			return true
		}
		prefix, ok := strings.CutSuffix(p, ".*")
		return ok && strings.HasPrefix(category, prefix+".")
	})
}

type incomeTxn struct {
	ID          string  `json:"transaction_id"`
	ItemID      string  `json:"item_id"`
	AccountID   string  `json:"account_id"`
	Amount      float64 `json:"amount"`
	Date        string  `json:"date"`
	Description string  `json:"original_description"`
	ISO         string  `json:"iso_currency_code"`
	Unofficial  *string `json:"unofficial_currency_code"`
	Outlier     struct {
		IsOutlier bool `json:"is_outlier"`
	} `json:"outlier"`
	day int32
}

type stream struct {
	category, description string
	txns                  []incomeTxn
}

func values(monthly float64) map[string]any {
	m, y := round2(monthly), round2(monthly*12)
	return map[string]any{"monthly": map[string]any{"gross_income": m, "net_income": m}, "annual": map[string]any{"gross_income": y, "net_income": y}}
}

// incomeInsights renders report r's Income Insights under filter (included
// patterns, then excluded ones win).
func (a *API) incomeInsights(r Report, included, excluded []string) map[string]any {
	cat := a.door.Catalog()
	today := ledger.Day(r.Created)
	from := today - int32(r.Days)
	months := float64(r.Days) / 30.4
	streams, items := map[string]*stream{}, []any{}
	var order []string
	for _, id := range r.ItemIDs {
		it, ok := a.door.ItemByID(id)
		if !ok {
			continue
		}
		rows, names := a.door.IncomeRows(it, r.Days, r.Created)
		accounts := []any{}
		for i := range it.Accounts {
			acct := &it.Accounts[i]
			if acct.Type == "depository" {
				accounts = append(accounts, map[string]any{"account_id": acct.ID, "mask": acct.Mask, "name": acct.Name, "official_name": acct.OfficialName,
					"subtype": acct.Subtype, "type": acct.Type, "owners": product.NonNil(acct.Owners), "metadata": map[string]any{"start_date": nil, "end_date": nil}})
			}
		}
		for k := range rows {
			t := &rows[k]
			acct := &it.Accounts[t.Account]
			if t.Removed || t.Pending || t.Amount >= 0 || acct.Type != "depository" || t.Date < from || t.Date > today {
				continue
			}
			name := cat.RowName(t, names)
			bank, ok := ledger.IncomeCategory(name, cat.MerchantOf(t).PFCDetailed)
			if !ok {
				continue
			}
			c := craCategory[bank]
			if !matches(c, included) || matches(c, excluded) {
				continue
			}
			key := it.ID + "\x00" + acct.ID + "\x00" + name
			s := streams[key]
			if s == nil {
				s = &stream{category: c, description: name}
				streams[key] = s
				order = append(order, key)
			}
			s.txns = append(s.txns, incomeTxn{ID: t.ID.String(), ItemID: it.ID, AccountID: acct.ID, Amount: round2(-t.Amount),
				Date: ledger.DayString(t.Date), Description: strings.ToUpper(name), ISO: t.CurrencyString(), day: t.Date})
		}
		items = append(items, map[string]any{"item_id": it.ID, "accounts": accounts, "bank_income_accounts": accounts, "bank_income_sources": []any{},
			"last_updated_time": product.RFC3339(r.Created), "institution_id": it.InstitutionID, "institution_name": it.InstitutionName})
	}
	out, userMonthly, userProjected := []any{}, 0.0, 0.0
	for _, key := range order {
		s := streams[key]
		slices.SortFunc(s.txns, func(x, y incomeTxn) int { return cmp.Or(cmp.Compare(x.day, y.day), strings.Compare(x.ID, y.ID)) })
		days := make([]int32, len(s.txns))
		var total float64
		for i, x := range s.txns {
			days[i], total = x.day, total+x.Amount
		}
		freq, last := ledger.PayFrequency(days), s.txns[len(s.txns)-1].day
		period := map[string]int32{"DAILY": 1, "WEEKLY": 7, "BIWEEKLY": 14, "SEMI_MONTHLY": 15, "MONTHLY": 30}[freq]
		status, next := "INACTIVE", any(nil)
		if period > 0 && today-last <= 2*period {
			status, next = "ACTIVE", map[string]any{"date": ledger.DayString(last + period)}
		} else if period == 0 && today-last <= 45 {
			status = "UNKNOWN"
		}
		monthly, projected := total/math.Max(months, 1), 0.0
		if status == "ACTIVE" {
			projected = monthly
		}
		userMonthly, userProjected = userMonthly+monthly, userProjected+projected
		primary, secondary, _ := strings.Cut(s.category, ".")
		metrics := map[string]any{"current": values(monthly), "projected": values(projected), "iso_currency_code": "USD", "unofficial_currency_code": nil}
		out = append(out, map[string]any{"income_stream_id": ledger.HashID("stream\x00" + key), "start_date": s.txns[0].Date,
			"end_date": s.txns[len(s.txns)-1].Date, "description": s.description, "income_metrics": metrics, "transactions": s.txns,
			"insights": map[string]any{"income_category": map[string]any{"primary": primary, "secondary": secondary}, "pay_frequency": freq,
				"income_provider": map[string]any{"name": s.description, "is_normalized": false}, "status": status, "next_payment": next}})
	}
	rep := map[string]any{"report_id": r.ID, "generated_time": product.RFC3339(r.Ready), "days_requested": r.Days, "items": items,
		"income_streams": out, "user_summary": map[string]any{"income_metrics": []any{map[string]any{"current": values(userMonthly),
			"projected": values(userProjected), "iso_currency_code": "USD", "unofficial_currency_code": nil}}}}
	if r.ClientReportID != "" {
		rep["client_report_id"] = r.ClientReportID
	}
	return rep
}

type incomeInsightsGetRequest struct {
	userRequest
	ThirdPartyUserToken *string `json:"third_party_user_token"`
	Options             *struct {
		Version *string `json:"income_insights_version"`
		Filter  *struct {
			Included []string `json:"included_categories"`
			Excluded []string `json:"excluded_categories"`
		} `json:"income_insights_filter"`
	} `json:"options"`
	pin
}

type insightsResponse struct {
	Report   map[string]any `json:"report"`
	Warnings []any          `json:"warnings"`
	wire.Response
}

// HandleIncomeInsightsGet serves POST /cra/check_report/income_insights/get:
// the newest report's Income Insights, filtered as asked (by default the
// earned income, disability and retirement streams).
func (a *API) HandleIncomeInsightsGet(c *product.Call, req *incomeInsightsGetRequest) (any, *wire.Error) {
	r, _, err := a.report(c, req.userRequest, &req.pin)
	if err != nil {
		return nil, err
	}
	if err := r.failedProduct("cra_income_insights"); err != nil {
		return nil, err
	}
	included, excluded := defaultFilter, []string(nil)
	if o := req.Options; o != nil && o.Filter != nil {
		included, excluded = o.Filter.Included, o.Filter.Excluded
	}
	return &insightsResponse{Report: a.incomeInsights(r, included, excluded), Warnings: []any{}}, nil
}
