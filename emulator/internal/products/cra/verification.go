package cra

import (
	"fmt"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The Home Lending (verification) reports, all views of the same report
// so their figures agree with the Base Report and Income Insights:
//   - VOA: the Base Report's accounts with a daily balance history (walked
//     back from today's balance through the posted transactions), their 30
//     and 60 day averages, and the user's inflow and outflow;
//   - EMPLOYMENT_REFRESH: each depository account's earned-income deposits
//     over employment_refresh_options.days_requested;
//   - INCOME: Income Insights' default streams in the verification shape.

// historyDays is how far back a VOA account's balance history goes.
const historyDays = 90

type verificationGetRequest struct {
	userRequest
	ReportsRequested  []string `json:"reports_requested" plaid:"required"`
	EmploymentRefresh *struct {
		DaysRequested int `json:"days_requested"`
	} `json:"employment_refresh_options"`
}

// oneOf fails when a value is not one of allowed.
func oneOf(field string, values, allowed []string) *wire.Error {
	if len(values) == 0 {
		return wire.New(wire.CodeInvalidField).WithMessage("%s must name at least one of %s", field, strings.Join(allowed, ", "))
	}
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return wire.New(wire.CodeInvalidField).WithMessage("%s must be one of %s; %q is not", field, strings.Join(allowed, ", "), v)
		}
	}
	return nil
}

// HandleVerificationGet serves POST /cra/check_report/verification/get.
func (a *API) HandleVerificationGet(c *product.Call, req *verificationGetRequest) (any, *wire.Error) {
	if err := oneOf("reports_requested", req.ReportsRequested, []string{"VOA", "EMPLOYMENT_REFRESH", "INCOME"}); err != nil {
		return nil, err
	}
	days := 0
	if slices.Contains(req.ReportsRequested, "EMPLOYMENT_REFRESH") {
		if req.EmploymentRefresh == nil || req.EmploymentRefresh.DaysRequested < 1 || req.EmploymentRefresh.DaysRequested > 731 {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("employment_refresh_options.days_requested (1 to 731) is required for an EMPLOYMENT_REFRESH report")
		}
		days = req.EmploymentRefresh.DaysRequested
	}
	r, _, err := a.newest(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	rep := a.verification(r, req.ReportsRequested, days)
	return &reportResponse{Report: rep, Warnings: []any{}}, nil
}

// verification renders the asked home lending reports of r.
func (a *API) verification(r Report, asked []string, refreshDays int) map[string]any {
	rep := map[string]any{"report_id": r.ID, "gse_reference_id": "gse-" + ledger.HashID("gse\x00" + r.ID)[:24]}
	if r.ClientReportID != "" {
		rep["client_report_id"] = r.ClientReportID
	}
	if slices.Contains(asked, "VOA") {
		rep["voa"] = a.voa(r)
	}
	if slices.Contains(asked, "EMPLOYMENT_REFRESH") {
		rep["employment_refresh"] = a.employmentRefresh(r, refreshDays)
	}
	if slices.Contains(asked, "INCOME") {
		rep["income"] = a.verificationIncome(r)
	}
	return rep
}

// voa is the Verification of Assets report.
func (a *API) voa(r Report) map[string]any {
	base, _ := a.baseReport(r, nil)
	items := []any{}
	for _, x := range base["items"].([]any) {
		it := x.(map[string]any)
		accounts := []any{}
		for _, y := range it["accounts"].([]any) {
			acct := y.(map[string]any)
			bal := acct["balances"].(map[string]any)
			txns := acct["transactions"].([]baseTxn)
			hist, avg30, avg60 := balanceHistory(currentOf(bal["current"]), txns, ledger.Day(r.Created), bal["iso_currency_code"].(string))
			md := acct["metadata"].(map[string]any)
			attrs := acct["attributes"].(map[string]any)
			accounts = append(accounts, map[string]any{"account_id": acct["account_id"], "mask": acct["mask"], "name": acct["name"],
				"official_name": acct["official_name"], "type": acct["type"], "subtype": acct["subtype"], "days_available": acct["days_available"],
				"owners": acct["owners"], "ownership_type": acct["ownership_type"], "consumer_disputes": []any{},
				"transactions_insights": map[string]any{"all_transactions": txns, "start_date": md["start_date"], "end_date": md["end_date"]},
				"balances": map[string]any{"available": bal["available"], "current": bal["current"], "iso_currency_code": bal["iso_currency_code"],
					"unofficial_currency_code": nil, "historical_balances": hist, "average_balance_30_days": avg30, "average_balance_60_days": avg60,
					"nsf_overdraft_transactions_count": attrs["nsf_overdraft_transactions_count"]}})
		}
		items = append(items, map[string]any{"item_id": it["item_id"], "institution_id": it["institution_id"], "institution_name": it["institution_name"],
			"last_update_time": it["date_last_updated"], "accounts": accounts})
	}
	attrs := base["attributes"].(map[string]any)
	return map[string]any{"generated_time": product.RFC3339(r.Ready), "days_requested": r.Days, "items": items,
		"attributes": map[string]any{"total_inflow_amount": attrs["total_inflow_amount"], "total_outflow_amount": attrs["total_outflow_amount"]}}
}

func currentOf(v any) float64 {
	if f, ok := v.(*float64); ok && f != nil {
		return *f
	}
	return 0
}

// dailyBalances is an account's end-of-day balance for each of the last n
// days, today first: today's is current, and each earlier day's is the
// next day's plus what posted that next day (a positive amount left the
// account).
func dailyBalances(current float64, txns []baseTxn, today int32, n int) []float64 {
	byDay := map[int32]float64{}
	for _, t := range txns {
		if !t.Pending {
			byDay[t.day] += t.Amount
		}
	}
	out := make([]float64, n)
	bal := current
	for i := range out {
		out[i] = bal
		bal += byDay[today-int32(i)]
	}
	return out
}

// balanceHistory is a VOA account's balance history (historyDays, newest
// first) and its 30 and 60 day averages.
func balanceHistory(current float64, txns []baseTxn, today int32, cur string) ([]any, float64, float64) {
	days := dailyBalances(current, txns, today, historyDays)
	out := make([]any, len(days))
	sum30, sum60 := 0.0, 0.0
	for i, bal := range days {
		out[i] = map[string]any{"date": ledger.DayString(today - int32(i)), "current": round2(bal), "iso_currency_code": cur, "unofficial_currency_code": nil}
		if i < 30 {
			sum30 += bal
		}
		if i < 60 {
			sum60 += bal
		}
	}
	return out, round2(sum30 / 30), round2(sum60 / 60)
}

// employmentRefresh is each depository account's earned-income deposits
// over the last days days of the report.
func (a *API) employmentRefresh(r Report, days int) map[string]any {
	ins := a.incomeInsights(r, []string{"EARNED_INCOME.*"}, nil)
	from := ledger.DayString(ledger.Day(r.Created) - int32(min(days, r.Days)))
	byAccount := map[string][]any{}
	for _, s := range ins["income_streams"].([]any) {
		for _, t := range s.(map[string]any)["transactions"].([]incomeTxn) {
			if t.Date >= from {
				byAccount[t.AccountID] = append(byAccount[t.AccountID], map[string]any{"account_id": t.AccountID, "transaction_id": t.ID,
					"original_description": t.Description, "date": t.Date, "pending": false})
			}
		}
	}
	items := []any{}
	for _, id := range r.ItemIDs {
		it, ok := a.door.ItemByID(id)
		if !ok {
			continue
		}
		accounts := []any{}
		for _, acct := range it.Accounts {
			if acct.Type == "depository" {
				accounts = append(accounts, map[string]any{"account_id": acct.ID, "name": acct.Name, "official_name": acct.OfficialName,
					"type": acct.Type, "subtype": acct.Subtype, "transactions": product.NonNil(byAccount[acct.ID])})
			}
		}
		items = append(items, map[string]any{"item_id": it.ID, "institution_id": it.InstitutionID, "institution_name": it.InstitutionName,
			"last_update_time": product.RFC3339(r.Created), "accounts": accounts})
	}
	return map[string]any{"generated_time": product.RFC3339(r.Ready), "days_requested": days, "items": items}
}

// verificationIncome is Income Insights' default streams as the
// verification report shows them (current income only).
func (a *API) verificationIncome(r Report) map[string]any {
	ins := a.incomeInsights(r, defaultFilter, nil)
	current := func(m map[string]any) map[string]any {
		return map[string]any{"current": m["current"], "iso_currency_code": m["iso_currency_code"], "unofficial_currency_code": nil}
	}
	streams := []any{}
	for _, x := range ins["income_streams"].([]any) {
		s := x.(map[string]any)
		streams = append(streams, map[string]any{"income_stream_id": s["income_stream_id"], "start_date": s["start_date"], "end_date": s["end_date"],
			"description": s["description"], "insights": s["insights"], "income_metrics": current(s["income_metrics"].(map[string]any)),
			"transactions": s["transactions"]})
	}
	items := []any{}
	for _, x := range ins["items"].([]any) {
		it := x.(map[string]any)
		accounts := []any{}
		for _, y := range it["accounts"].([]any) {
			acct := y.(map[string]any)
			accounts = append(accounts, map[string]any{"account_id": acct["account_id"], "mask": acct["mask"], "metadata": acct["metadata"],
				"name": acct["name"], "official_name": acct["official_name"], "subtype": acct["subtype"], "type": acct["type"]})
		}
		items = append(items, map[string]any{"item_id": it["item_id"], "accounts": accounts, "last_updated_time": it["last_updated_time"],
			"institution_id": it["institution_id"], "institution_name": it["institution_name"]})
	}
	summary := ins["user_summary"].(map[string]any)["income_metrics"].([]any)[0].(map[string]any)
	return map[string]any{"generated_time": product.RFC3339(r.Ready), "days_requested": r.Days, "income_streams": streams, "items": items,
		"user_summary": map[string]any{"income_metrics": []any{current(summary)}}}
}

type verificationPDFRequest struct {
	userRequest
	ThirdPartyUserToken *string  `json:"third_party_user_token"`
	ReportRequested     *string  `json:"report_requested"`
	ReportsRequested    []string `json:"reports_requested"`
	HideGSEDetails      *bool    `json:"hide_gse_details"`
}

// HandleVerificationPDFGet serves POST /cra/check_report/verification/pdf/get:
// the asked verification reports ([voa], [employment_refresh], [income]
// or [voa, income]) as a PDF.
func (a *API) HandleVerificationPDFGet(c *product.Call, req *verificationPDFRequest) (any, *wire.Error) {
	asked := req.ReportsRequested
	if len(asked) == 0 && req.ReportRequested != nil {
		asked = []string{*req.ReportRequested}
	}
	if err := oneOf("reports_requested", asked, []string{"voa", "employment_refresh", "income"}); err != nil {
		return nil, err
	}
	slices.Sort(asked)
	if len(slices.Compact(slices.Clone(asked))) != len(asked) || (len(asked) > 1 && !slices.Equal(asked, []string{"income", "voa"})) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("reports_requested must be [voa], [employment_refresh], [income] or [voa, income]")
	}
	r, pu, err := a.newest(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	upper := make([]string, len(asked))
	for i, s := range asked {
		upper[i] = strings.ToUpper(s)
	}
	rep := a.verification(r, upper, r.Days)
	lines := []string{"Home Lending Report " + r.ID, "User " + pu.ID, "Reports: " + strings.Join(upper, ", ")}
	if req.HideGSEDetails == nil || !*req.HideGSEDetails {
		lines = append(lines, fmt.Sprintf("GSE reference %s", rep["gse_reference_id"]))
	}
	if v, ok := rep["voa"].(map[string]any); ok {
		at := v["attributes"].(map[string]any)
		lines = append(lines, fmt.Sprintf("Assets: inflow %.2f, outflow %.2f over %d days", at["total_inflow_amount"].(map[string]any)["amount"],
			at["total_outflow_amount"].(map[string]any)["amount"], r.Days))
	}
	if in, ok := rep["income"].(map[string]any); ok {
		lines = append(lines, fmt.Sprintf("Income streams: %d", len(in["income_streams"].([]any))))
	}
	return &product.RawBody{ContentType: "application/pdf", Data: product.SimplePDF(lines),
		Headers: map[string]string{"Plaid-Request-ID": c.RequestID}}, nil
}
