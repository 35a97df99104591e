package emulator_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid/plaid-go/v20/plaid"
)

// TestSignal evaluates debits from user_good's checking account (available
// $100) through plaid-go: a small one is low risk, one beyond the balance is
// bank-initiated risk 99; then reports on known and unknown transactions.
func TestSignal(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"].(string)
	c := e.plaidClient()
	eval := func(id string, amount float64, present bool) plaid.SignalEvaluateResponse {
		req := plaid.NewSignalEvaluateRequest(it.accessToken, acct, id, amount)
		req.SetUserPresent(present)
		resp, _, err := c.PlaidApi.SignalEvaluate(context.Background()).SignalEvaluateRequest(*req).Execute()
		must(t, "signal/evaluate", err)
		return resp
	}
	low := eval("txn-small", 10, true)
	if s := low.Scores.BankInitiatedReturnRisk; s.Score != 11 || s.RiskTier != 1 {
		t.Fatalf("bank risk of $10 from $100 = %+v", s)
	}
	if s := low.Scores.CustomerInitiatedReturnRisk; s.Score != 10 || s.RiskTier != 1 {
		t.Fatalf("customer risk, user present = %+v", s)
	}
	high := eval("txn-big", 2500, false)
	if s := high.Scores.BankInitiatedReturnRisk; s.Score != 99 || s.RiskTier != 8 {
		t.Fatalf("bank risk beyond the balance = %+v", s)
	}
	if s := high.Scores.CustomerInitiatedReturnRisk; s.Score != 60 || s.RiskTier != 3 {
		t.Fatalf("customer risk, absent user, > $1,000 = %+v", s)
	}
	raw := e.call("/signal/evaluate", map[string]any{"access_token": it.accessToken, "account_id": acct, "client_transaction_id": "txn-raw", "amount": 50}).ok(t)
	if ca := obj(raw["core_attributes"]); ca["available_balance"] != 100.0 || ca["is_savings_or_money_market_account"] != false || len(list(raw["warnings"])) != 0 {
		t.Fatalf("evaluate = %v", raw)
	}

	e.call("/signal/decision/report", map[string]any{"client_transaction_id": "txn-small", "initiated": true, "days_funds_on_hold": 3}).ok(t)
	e.call("/signal/return/report", map[string]any{"client_transaction_id": "txn-big", "return_code": "R01"}).ok(t)
	e.call("/signal/decision/report", map[string]any{"client_transaction_id": "txn-never", "initiated": true}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.callAs("other", "x", "/signal/return/report", map[string]any{"client_transaction_id": "txn-big", "return_code": "R01"}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/signal/decision/report", map[string]any{"client_transaction_id": "txn-small"}).plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")

	e.call("/signal/evaluate", map[string]any{"access_token": it.accessToken, "account_id": "nope", "client_transaction_id": "x", "amount": 5}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	e.call("/signal/evaluate", map[string]any{"access_token": it.accessToken, "account_id": acct, "client_transaction_id": "x", "amount": 0}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/signal/evaluate", map[string]any{"access_token": it.accessToken, "account_id": acct, "client_transaction_id": "x"}).
		plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")

	prep := e.link("ins_109508", []string{"auth"}, nil)
	e.call("/signal/prepare", map[string]any{"access_token": prep.accessToken}).ok(t)
	if item := obj(e.call("/item/get", map[string]any{"access_token": prep.accessToken}).ok(t)["item"]); !slices.Contains(list(item["products"]), any("signal")) {
		t.Fatalf("products after prepare = %v", item["products"])
	}
	hound := e.link("ins_133503", []string{"auth"}, nil)
	e.call("/signal/prepare", map[string]any{"access_token": hound.accessToken}).plaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
}

// TestProcessorSignal: a partner evaluates and reports with its processor
// token, as the app does with an access token.
func TestProcessorSignal(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[1])["account_id"] // savings, $200
	tok := e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "processor": "dwolla"}).ok(t)["processor_token"]
	partner := func(path string, body map[string]any) result {
		return e.callAs("partner", "partner-secret", path, body)
	}
	partner("/processor/signal/prepare", map[string]any{"processor_token": tok}).ok(t)
	r := partner("/processor/signal/evaluate", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "amount": 100, "user_present": true}).ok(t)
	if b := obj(obj(r["scores"])["bank_initiated_return_risk"]); b["score"] != 50.0 || obj(r["core_attributes"])["is_savings_or_money_market_account"] != true {
		t.Fatalf("partner evaluate = %v", r)
	}
	partner("/processor/signal/decision/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "initiated": true}).ok(t)
	partner("/processor/signal/return/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "return_code": "R01"}).ok(t)
	partner("/processor/signal/return/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-2", "return_code": "R01"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	partner("/processor/signal/decision/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "initiated": true, "extra": 1}).
		plaidErr(t, 400, "INVALID_REQUEST", "UNKNOWN_FIELDS")
	partner("/processor/signal/evaluate", map[string]any{"processor_token": "processor-sandbox-nope", "client_transaction_id": "p-3", "amount": 1}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
}
