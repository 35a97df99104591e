package cra

import (
	"math"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// isLoan says whether a payment is a loan's (not a credit card's).
func isLoan(name, pfcPrimary, pfcDetailed string) bool {
	if pfcDetailed == "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" {
		return false
	}
	up := strings.ToUpper(name)
	return pfcPrimary == "LOAN_PAYMENTS" || strings.Contains(up, "LOAN") || strings.Contains(up, "MORTGAGE")
}

type monitoringGetRequest struct {
	userRequest
	Purpose string `json:"consumer_report_permissible_purpose" plaid:"required"`
}

type monitoringGetResponse struct {
	UserInsightsID string `json:"user_insights_id"`
	Items          []any  `json:"items"`
	wire.Response
}

// HandleMonitoringGet serves POST /cra/monitoring_insights/get: the
// subscribed Item's income and loan insights over its last 90 days as of
// the last update (PENDING before the first).
func (a *API) HandleMonitoringGet(c *product.Call, req *monitoringGetRequest) (any, *wire.Error) {
	if req.Purpose != "ACCOUNT_REVIEW_CREDIT" && req.Purpose != "WRITTEN_INSTRUCTION_OTHER" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("consumer_report_permissible_purpose must be ACCOUNT_REVIEW_CREDIT or WRITTEN_INSTRUCTION_OTHER")
	}
	_, s, _, err := a.subscription(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	it, ok := a.door.ItemByID(s.ItemID)
	if !ok {
		return nil, wire.New(wire.CodeItemNotFound)
	}
	item := map[string]any{"item_id": it.ID, "institution_id": it.InstitutionID, "institution_name": it.InstitutionName,
		"date_generated": product.RFC3339(c.Now), "status": map[string]any{"status_code": "PENDING"}, "insights": nil}
	if !s.Updated.IsZero() {
		item["date_generated"], item["status"] = product.RFC3339(s.Updated), map[string]any{"status_code": "AVAILABLE"}
		item["insights"] = a.monitoringInsights(it, s)
	}
	return &monitoringGetResponse{UserInsightsID: ledger.HashID("insights\x00" + s.ID + "\x00" + product.RFC3339(s.Updated)), Items: []any{item}}, nil
}

// monitoringInsights reads the Item's income sources and loan payments of
// the 90 days before the update.
func (a *API) monitoringInsights(it product.Item, s Subscription) map[string]any {
	cat := a.door.Catalog()
	rows, names := a.door.IncomeRows(it, 90, s.Updated)
	today := ledger.Day(s.Updated)
	type src struct {
		id, name, category string
		last               int32
	}
	var sources []*src
	byName := map[string]*src{}
	var income float64
	loans, merchants := 0, map[string]bool{}
	for i := range rows {
		t := &rows[i]
		if t.Removed || t.Pending || today-t.Date > 90 || t.Date > today || it.Accounts[t.Account].Type != "depository" {
			continue
		}
		m, name := cat.MerchantOf(t), cat.RowName(t, names)
		if t.Amount > 0 && isLoan(name, m.PFCPrimary, m.PFCDetailed) {
			loans++
			merchants[name] = true
		}
		if t.Amount >= 0 {
			continue
		}
		c, ok := ledger.IncomeCategory(name, m.PFCDetailed)
		if !ok {
			continue
		}
		income -= t.Amount
		s := byName[name]
		if s == nil {
			s = &src{id: ledger.HashID("source\x00" + it.ID + "\x00" + name), name: name, category: c}
			byName[name] = s
			sources = append(sources, s)
		}
		s.last = max(s.last, t.Date)
	}
	list := []any{}
	for _, s := range sources {
		list = append(list, map[string]any{"income_source_id": s.id, "income_description": s.name, "income_category": s.category,
			"last_transaction_date": ledger.DayString(s.last)})
	}
	slices.SortFunc(list, func(x, y any) int {
		return strings.Compare(x.(map[string]any)["income_description"].(string), y.(map[string]any)["income_description"].(string))
	})
	monthly := math.Round(income/3*100) / 100
	return map[string]any{
		"income": map[string]any{"total_monthly_income": map[string]any{"current_amount": monthly},
			"income_sources_counts": map[string]any{"current_count": len(list)}, "forecasted_monthly_income": map[string]any{"current_amount": monthly},
			"historical_annual_income": map[string]any{"current_amount": math.Round(monthly*12*100) / 100}, "income_sources": list},
		"loans": map[string]any{"loan_payments_counts": map[string]any{"current_count": loans}, "loan_disbursements_count": 0,
			"loan_payment_merchants_counts": map[string]any{"current_count": len(merchants)}},
	}
}
