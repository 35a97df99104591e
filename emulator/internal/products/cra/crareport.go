package cra

import (
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /cra/report/get (plaid-node 47): the newest report (or the one
// report_id pins, a servicing report among them) as versioned products:
// cra_qualify (LendScore, cash flow and network figures), cra_income_insights
// (Income Insights' streams and totals) and cra_home_lending (income by
// category, its providers, and 90-day loan and fee flags). Every figure is
// the check report's own, so the two surfaces agree.

// newestProducts are the products /cra/report/get and servicing
// subscriptions serve.
var newestProducts = []string{"cra_qualify", "cra_income_insights", "cra_home_lending"}

// scopes are the data a report is computed over; PLAID_NETWORK by default.
var scopes = []string{"PLAID_NETWORK", "CLIENT_USER"}

type productVersion struct {
	Product string `json:"product" plaid:"required"`
	Version string `json:"version" plaid:"required"`
}

type crReportGetRequest struct {
	product.Credentials
	UserID        string           `json:"user_id" plaid:"required"`
	Products      []productVersion `json:"products" plaid:"required"`
	Scope         *string          `json:"scope"`
	DecisionStage string           `json:"decision_stage" plaid:"required"`
	Purpose       string           `json:"consumer_report_permissible_purpose" plaid:"required"`
	ReportID      *string          `json:"report_id"`
}

type crReportGetResponse struct {
	Report       map[string]any `json:"report"`
	UserID       string         `json:"user_id"`
	ClientUserID *string        `json:"client_user_id"`
	Warnings     []any          `json:"warnings"`
	wire.Response
}

// checkProducts checks a list of {product, version}: known products
// (allowed), each with a version.
func checkProducts(ps []productVersion, allowed []string) *wire.Error {
	if len(ps) == 0 {
		return wire.New(wire.CodeInvalidField).WithMessage("products must name at least one of %s", strings.Join(allowed, ", "))
	}
	for _, p := range ps {
		if !slices.Contains(allowed, p.Product) {
			return wire.New(wire.CodeInvalidField).WithMessage("products[].product must be one of %s; %q is not", strings.Join(allowed, ", "), wire.Clip(p.Product, 40))
		}
		if p.Version == "" {
			return wire.New(wire.CodeInvalidField).WithMessage("products[].version must name a version (such as V1)")
		}
	}
	return nil
}

// HandleReportGet serves POST /cra/report/get.
func (a *API) HandleReportGet(c *product.Call, req *crReportGetRequest) (any, *wire.Error) {
	scope := product.Deref(req.Scope, "PLAID_NETWORK")
	switch {
	case !slices.Contains(scopes, scope):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("scope must be PLAID_NETWORK or CLIENT_USER")
	case !slices.Contains([]string{"PREQUALIFICATION", "DECISIONING", "SERVICING"}, req.DecisionStage):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("decision_stage must be PREQUALIFICATION, DECISIONING or SERVICING")
	}
	if err := checkProducts(req.Products, newestProducts); err != nil {
		return nil, err
	}
	r, pu, err := a.report(c, userRequest{Credentials: req.Credentials, UserID: &req.UserID}, &pin{ReportID: req.ReportID, Purpose: &req.Purpose})
	if err != nil {
		return nil, err
	}
	products := make([]any, 0, len(req.Products))
	for _, p := range req.Products {
		products = append(products, a.productReport(r, pu.ID, p))
	}
	return &crReportGetResponse{Report: map[string]any{"retrieved_time": product.RFC3339(c.Now), "scope": scope, "decision_stage": req.DecisionStage,
		"consumer_report_permissible_purpose": req.Purpose, "products": products}, UserID: pu.ID, Warnings: []any{}}, nil
}

// productReport is one product of report r, in its version.
func (a *API) productReport(r Report, userID string, p productVersion) map[string]any {
	md := a.metadata(r)
	md["generated_time"] = product.RFC3339(r.Ready)
	base := map[string]any{"generated_time": md["generated_time"], "item_count": md["item_count"], "account_count": md["account_count"],
		"institution_ids": md["institution_ids"]}
	out := map[string]any{"product": p.Product, "version": p.Version, "errors": []any{}}
	switch p.Product {
	case "cra_qualify":
		score, reasons := a.score(r)
		attrs := map[string]any{"lend_score": score, "lend_score_reason_codes": reasons}
		for k, v := range a.cashflowAttributes(r) {
			attrs[k] = v
		}
		for k, v := range a.networkAttributes(r, userID) {
			attrs[k] = v
		}
		out["metadata"], out["attributes"] = base, attrs
	case "cra_income_insights":
		ins := a.incomeInsights(r, defaultFilter, nil)
		streams := []any{}
		for _, x := range ins["income_streams"].([]any) {
			s := x.(map[string]any)
			streams = append(streams, map[string]any{"income_stream_id": s["income_stream_id"], "start_date": s["start_date"], "end_date": s["end_date"],
				"insights": s["insights"], "income_metrics": s["income_metrics"]})
		}
		out["metadata"], out["attributes"] = md, map[string]any{"income_streams": streams, "user_summary": ins["user_summary"]}
	case "cra_home_lending":
		out["metadata"], out["attributes"] = base, a.homeLending(r)
	}
	return out
}

// homeLending is the Home Lending attributes: Income Insights' current
// income, by category and by provider, and 90 days of cash advances,
// buy-now-pay-later payments and NSF or late fees.
func (a *API) homeLending(r Report) map[string]any {
	ins := a.incomeInsights(r, []string{"*"}, nil)
	categories, providers := []any{}, []any{}
	byCategory := map[string]float64{}
	var order []string
	for _, x := range ins["income_streams"].([]any) {
		s := x.(map[string]any)
		insights := s["insights"].(map[string]any)
		c := insights["income_category"].(map[string]any)
		key := c["primary"].(string) + "." + c["secondary"].(string)
		if _, ok := byCategory[key]; !ok {
			order = append(order, key)
		}
		byCategory[key] += s["income_metrics"].(map[string]any)["current"].(map[string]any)["monthly"].(map[string]any)["net_income"].(float64)
		providers = append(providers, insights["income_provider"])
	}
	for _, key := range order {
		primary, secondary, _ := strings.Cut(key, ".")
		categories = append(categories, map[string]any{"income_category": map[string]any{"primary": primary, "secondary": secondary},
			"current": values(byCategory[key])["current"]})
	}
	var cashAdvance, bnpl, fees int
	base, _ := a.baseReport(r, nil)
	today := ledger.Day(r.Created)
	for _, x := range base["items"].([]any) {
		for _, y := range x.(map[string]any)["accounts"].([]any) {
			for _, t := range y.(map[string]any)["transactions"].([]baseTxn) {
				if t.Pending || t.Amount <= 0 || today-t.day >= 90 {
					continue
				}
				up := t.OriginalDescription
				switch {
				case strings.Contains(up, "CASH ADVANCE") || strings.Contains(up, "EARNIN") || strings.Contains(up, "DAVE"):
					cashAdvance++
				case strings.Contains(up, "AFFIRM") || strings.Contains(up, "KLARNA") || strings.Contains(up, "AFTERPAY"):
					bnpl++
				case isNSF(up, t.CreditCategory.Detailed) || strings.Contains(up, "LATE FEE"):
					fees++
				}
			}
		}
	}
	summary := ins["user_summary"].(map[string]any)["income_metrics"].([]any)[0].(map[string]any)
	return map[string]any{
		"income_metrics":                          []any{map[string]any{"current": summary["current"], "iso_currency_code": "USD", "unofficial_currency_code": nil}},
		"income_by_categories":                    []any{map[string]any{"iso_currency_code": "USD", "unofficial_currency_code": nil, "categories": categories}},
		"income_sources":                          map[string]any{"income_stream_count": len(providers), "income_providers": providers},
		"loan_payments_cash_advance_count_90d":    cashAdvance,
		"loan_payments_bnpl_count_90d":            bnpl,
		"payment_behavior_nsf_late_fees_flag_90d": min(fees, 1),
	}
}
