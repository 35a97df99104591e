package cra_test

import (
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestCreditPersonas: the Sandbox's credit personas give the insights
// docs/fixtures.md says: LendScores in the order of their profiles; the
// poor profile's overdraft fees counted (PCS0223) with its cash advance
// and buy-now-pay-later payments in Home Lending's flags; the excellent
// profile's rental income; the joint account's two owners.
func TestCreditPersonas(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	get := func(uid string, products ...string) []map[string]any {
		ps := []any{}
		for _, p := range products {
			ps = append(ps, map[string]any{"product": p, "version": "V1"})
		}
		rep := plaidtest.Obj(e.Call("/cra/report/get", map[string]any{"user_id": uid, "decision_stage": "DECISIONING",
			"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "products": ps}).OK(t)["report"])
		var out []map[string]any
		for _, p := range plaidtest.List(rep["products"]) {
			out = append(out, plaidtest.Obj(p))
		}
		return out
	}
	scores := map[string]float64{}
	users := map[string]string{}
	for _, p := range []string{"user_credit_profile_excellent", "user_credit_profile_good", "user_credit_profile_poor", "user_credit_joint_account"} {
		users[p] = readyReport(t, e, p)
		scores[p] = plaidtest.Obj(get(users[p], "cra_qualify")[0]["attributes"])["lend_score"].(float64)
	}
	if !(scores["user_credit_profile_excellent"] > scores["user_credit_profile_good"] && scores["user_credit_profile_good"] > scores["user_credit_profile_poor"]) {
		t.Fatalf("LendScores out of their profiles' order: %v", scores)
	}
	poor := users["user_credit_profile_poor"]
	base := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": poor}).OK(t)["report"])["attributes"])
	if base["nsf_overdraft_transactions_count_90d"].(float64) < 2 {
		t.Fatalf("the poor profile's overdraft fees: %v", base)
	}
	ls := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/lend_score/get", map[string]any{"user_id": poor}).OK(t)["report"])["lend_score"])
	if !slices.Contains(plaidtest.Strings(ls["reason_codes"]), "PCS0223") {
		t.Fatalf("overdrafts give PCS0223: %v", ls)
	}
	home := plaidtest.Obj(get(poor, "cra_home_lending")[0]["attributes"])
	if home["loan_payments_cash_advance_count_90d"].(float64) < 5 || home["loan_payments_bnpl_count_90d"].(float64) < 2 || home["payment_behavior_nsf_late_fees_flag_90d"] != 1.0 {
		t.Fatalf("the poor profile's 90-day flags: %v", home)
	}
	ins := plaidtest.Obj(e.Call("/cra/check_report/income_insights/get", map[string]any{"user_id": users["user_credit_profile_excellent"],
		"options": map[string]any{"income_insights_version": "II2", "income_insights_filter": map[string]any{"included_categories": []string{"*"}}}}).OK(t)["report"])
	var cats []string
	for _, s := range plaidtest.List(ins["income_streams"]) {
		c := plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(s)["insights"])["income_category"])
		cats = append(cats, c["primary"].(string)+"."+c["secondary"].(string))
	}
	if !slices.Contains(cats, "EARNED_INCOME.SALARY") || !slices.Contains(cats, "PASSIVE_INCOME.RENTAL") {
		t.Fatalf("the excellent profile's income: %v", cats)
	}
	md := get(users["user_credit_joint_account"], "cra_income_insights")[0]["metadata"].(map[string]any)
	if md["multiple_owner_account_count"] != 1.0 {
		t.Fatalf("the joint account's owners: %v", md)
	}
}
