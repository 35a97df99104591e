package signal_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestSignal evaluates debits from user_good's checking account (available
// $100) through plaid-go: a small one is low risk, one beyond the balance is
// bank-initiated risk 99; then reports on known and unknown transactions.
func TestSignal(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"].(string)
	c := e.PlaidClient()
	eval := func(id string, amount float64, present bool) plaid.SignalEvaluateResponse {
		req := plaid.NewSignalEvaluateRequest(it.AccessToken, acct, id, amount)
		req.SetUserPresent(present)
		resp, _, err := c.PlaidApi.SignalEvaluate(context.Background()).SignalEvaluateRequest(*req).Execute()
		plaidtest.Must(t, "signal/evaluate", err)
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
	raw := e.Call("/signal/evaluate", map[string]any{"access_token": it.AccessToken, "account_id": acct, "client_transaction_id": "txn-raw", "amount": 50}).OK(t)
	if ca := plaidtest.Obj(raw["core_attributes"]); ca["available_balance"] != 100.0 || ca["is_savings_or_money_market_account"] != false || len(plaidtest.List(raw["warnings"])) != 0 {
		t.Fatalf("evaluate = %v", raw)
	}

	e.Call("/signal/decision/report", map[string]any{"client_transaction_id": "txn-small", "initiated": true, "days_funds_on_hold": 3}).OK(t)
	e.Call("/signal/return/report", map[string]any{"client_transaction_id": "txn-big", "return_code": "R01"}).OK(t)
	e.Call("/signal/decision/report", map[string]any{"client_transaction_id": "txn-never", "initiated": true}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.CallAs("other", "x", "/signal/return/report", map[string]any{"client_transaction_id": "txn-big", "return_code": "R01"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/signal/decision/report", map[string]any{"client_transaction_id": "txn-small"}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")

	e.Call("/signal/evaluate", map[string]any{"access_token": it.AccessToken, "account_id": "nope", "client_transaction_id": "x", "amount": 5}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	e.Call("/signal/evaluate", map[string]any{"access_token": it.AccessToken, "account_id": acct, "client_transaction_id": "x", "amount": 0}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/signal/evaluate", map[string]any{"access_token": it.AccessToken, "account_id": acct, "client_transaction_id": "x"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")

	prep := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/signal/prepare", map[string]any{"access_token": prep.AccessToken}).OK(t)
	if item := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": prep.AccessToken}).OK(t)["item"]); !slices.Contains(plaidtest.List(item["products"]), any("signal")) {
		t.Fatalf("products after prepare = %v", item["products"])
	}
	hound := e.Link("ins_133503", []string{"auth"}, nil)
	e.Call("/signal/prepare", map[string]any{"access_token": hound.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
}

// TestProcessorSignal: a partner evaluates and reports with its processor
// token, as the app does with an access token.
func TestProcessorSignal(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[1])["account_id"] // savings, $200
	tok := e.Call("/processor/token/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "processor": "dwolla"}).OK(t)["processor_token"]
	partner := func(path string, body map[string]any) plaidtest.Result {
		return e.CallAs("partner", "partner-secret", path, body)
	}
	partner("/processor/signal/prepare", map[string]any{"processor_token": tok}).OK(t)
	r := partner("/processor/signal/evaluate", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "amount": 100, "user_present": true}).OK(t)
	if b := plaidtest.Obj(plaidtest.Obj(r["scores"])["bank_initiated_return_risk"]); b["score"] != 50.0 || plaidtest.Obj(r["core_attributes"])["is_savings_or_money_market_account"] != true {
		t.Fatalf("partner evaluate = %v", r)
	}
	partner("/processor/signal/decision/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "initiated": true}).OK(t)
	partner("/processor/signal/return/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "return_code": "R01"}).OK(t)
	partner("/processor/signal/return/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-2", "return_code": "R01"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	partner("/processor/signal/decision/report", map[string]any{"processor_token": tok, "client_transaction_id": "p-1", "initiated": true, "extra": 1}).
		PlaidErr(t, 400, "INVALID_REQUEST", "UNKNOWN_FIELDS")
	partner("/processor/signal/evaluate", map[string]any{"processor_token": "processor-sandbox-nope", "client_transaction_id": "p-3", "amount": 1}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
}
