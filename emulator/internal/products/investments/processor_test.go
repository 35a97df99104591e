package investments_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestPartnerInvestments: a partner reads the holdings and investment
// transactions of its token's one account; an account without any is
// Plaid's error.
func TestPartnerInvestments(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"investments"}, nil)
	ids := e.AccountIDs(it.AccessToken)
	ira := e.ProcessorToken(it.AccessToken, ids["Plaid IRA"], "galileo")
	checking := e.ProcessorToken(it.AccessToken, ids["Plaid Checking"], "galileo")
	h := e.Partner("/processor/investments/holdings/get", map[string]any{"processor_token": ira}).OK(t)
	if plaidtest.Obj(h["account"])["account_id"] != ids["Plaid IRA"] || len(plaidtest.List(h["holdings"])) != 2 || len(plaidtest.List(h["securities"])) != 2 {
		t.Fatalf("partner holdings = %v", h)
	}
	if _, ok := plaidtest.Obj(plaidtest.Obj(h["account"])["balances"])["margin_loan_amount"]; !ok {
		t.Fatal("partner holdings account lacks margin_loan_amount")
	}
	tx := e.Partner("/processor/investments/transactions/get", map[string]any{"processor_token": ira, "start_date": "2000-01-01", "end_date": "2100-01-01"}).OK(t)
	if tx["total_investment_transactions"] != 2.0 || len(plaidtest.List(tx["investment_transactions"])) != 2 {
		t.Fatalf("partner investment transactions = %v", tx)
	}
	e.Partner("/processor/investments/holdings/get", map[string]any{"processor_token": checking}).PlaidErr(t, 400, "ITEM_ERROR", "NO_INVESTMENT_ACCOUNTS")
}
