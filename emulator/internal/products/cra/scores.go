package cra

import (
	"math"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// LendScore, Network Insights and Cash Flow Insights: figures derived from
// the report's cash flow (the Base Report's attributes), so that a persona
// with net-negative cash flow and overdrafts scores lower than one with
// steady surplus, and the same report always scores the same.

type scoreRequest struct {
	userRequest
	ThirdPartyUserToken *string        `json:"third_party_user_token"`
	Options             map[string]any `json:"options"`
}

// cashFlow is the report's inflow, outflow and NSF counts over its
// window and the last 90 days.
type cashFlow struct {
	in, out, in90, out90 float64
	nsf, nsf90           int
}

func (a *API) cashFlow(r Report) cashFlow {
	rep, _ := a.baseReport(r, nil)
	attrs := rep["attributes"].(map[string]any)
	amt := func(k string) float64 { return attrs[k].(map[string]any)["amount"].(float64) }
	return cashFlow{in: amt("total_inflow_amount"), out: amt("total_outflow_amount"), in90: amt("total_inflow_amount_90d"),
		out90: amt("total_outflow_amount_90d"), nsf: attrs["nsf_overdraft_transactions_count"].(int), nsf90: attrs["nsf_overdraft_transactions_count_90d"].(int)}
}

// lendScore is 1 to 99 (higher is safer) with its reason codes.
func (f cashFlow) lendScore() (int, []string) {
	score := 50.0
	if m := math.Max(f.in, f.out); m > 0 {
		score += 40 * (f.in - f.out) / m
	}
	score -= 8 * float64(min(f.nsf, 5))
	reasons := []string{}
	if f.out > f.in {
		reasons = append(reasons, "PCS0221") // outflows exceed inflows
	}
	if f.nsf > 0 {
		reasons = append(reasons, "PCS0223") // overdrafts or returned payments
	}
	if f.in == 0 {
		reasons = append(reasons, "PCS0101") // no income seen
	}
	return int(math.Max(1, math.Min(99, math.Round(score)))), reasons
}

// score is r's LendScore: its script's, else its cash flow's.
func (a *API) score(r Report) (int, []string) {
	if r.Rule != nil && r.Rule.LendScore != nil {
		return r.Rule.LendScore.Score, product.NonNil(slices.Clone(r.Rule.LendScore.ReasonCodes))
	}
	return a.cashFlow(r).lendScore()
}

type reportResponse struct {
	Report   map[string]any `json:"report"`
	Warnings []any          `json:"warnings"`
	wire.Response
}

// HandleLendScoreGet serves POST /cra/check_report/lend_score/get.
func (a *API) HandleLendScoreGet(c *product.Call, req *scoreRequest) (any, *wire.Error) {
	r, _, err := a.newest(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	if err := r.failedProduct("cra_lend_score"); err != nil {
		return nil, err
	}
	score, reasons := a.score(r)
	return &reportResponse{Report: map[string]any{"report_id": r.ID, "generated_time": product.RFC3339(r.Ready),
		"lend_score": map[string]any{"score": score, "reason_codes": reasons, "error_reason": nil}}, Warnings: []any{}}, nil
}

// HandleNetworkInsightsGet serves POST /cra/check_report/network_insights/get:
// the user's connections as the Plaid network would count them, and the
// loans lenders registered for the user.
func (a *API) HandleNetworkInsightsGet(c *product.Call, req *scoreRequest) (any, *wire.Error) {
	r, pu, err := a.newest(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	if err := r.failedProduct("cra_network_insights"); err != nil {
		return nil, err
	}
	items := []any{}
	for _, id := range r.ItemIDs {
		if it, ok := a.door.ItemByID(id); ok {
			items = append(items, map[string]any{"institution_id": it.InstitutionID, "institution_name": it.InstitutionName, "item_id": it.ID})
		}
	}
	return &reportResponse{Report: map[string]any{"report_id": r.ID, "generated_time": product.RFC3339(r.Ready), "items": items,
		"network_attributes": a.networkAttributes(r, pu.ID)}, Warnings: []any{}}, nil
}

// HandleCashflowInsightsGet serves POST /cra/check_report/cashflow_insights/get:
// the report's cash flow as attributes.
func (a *API) HandleCashflowInsightsGet(c *product.Call, req *scoreRequest) (any, *wire.Error) {
	r, _, err := a.newest(c, req.userRequest)
	if err != nil {
		return nil, err
	}
	if err := r.failedProduct("cra_cashflow_insights"); err != nil {
		return nil, err
	}
	return &reportResponse{Report: map[string]any{"report_id": r.ID, "generated_time": product.RFC3339(r.Ready), "attributes": a.cashflowAttributes(r)},
		Warnings: []any{}}, nil
}
