package investments_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestInvestmentsMove: through plaid-go, /investments/auth/get gives
// user_good's investment accounts' holdings, owners and ten-digit ACATS
// numbers (stable from one call to the next), and the partner side
// (a raw call: plaid-go v20 lacks it) gives the same for one account; a
// bank account's token is NO_INVESTMENT_ACCOUNTS.
func TestInvestmentsMove(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"investments"}, nil)
	api := e.PlaidClient().PlaidApi
	get := func() plaid.InvestmentsAuthGetResponse {
		t.Helper()
		got, _, err := api.InvestmentsAuthGet(context.Background()).InvestmentsAuthGetRequest(*plaid.NewInvestmentsAuthGetRequest(it.AccessToken)).Execute()
		plaidtest.Must(t, "investments/auth/get", err)
		return got
	}
	got := get()
	acats := got.Numbers.GetAcats()
	if len(acats) == 0 || len(got.Owners) != len(acats) || len(got.Holdings) == 0 || len(got.Securities) == 0 {
		t.Fatalf("investments/auth/get: %d ACATS, %d owners, %d holdings, %d securities", len(acats), len(got.Owners), len(got.Holdings), len(got.Securities))
	}
	for i, n := range acats {
		if len(n.Account) != 10 || !slices.Equal(n.DtcNumbers, []string{"0226"}) || got.Owners[i].GetAccountId() != n.AccountId || len(got.Owners[i].GetNames()) == 0 {
			t.Fatalf("ACATS %+v, owner %+v", n, got.Owners[i])
		}
	}
	if again := get(); again.Numbers.GetAcats()[0].Account != acats[0].Account {
		t.Fatal("the ACATS number changed between calls")
	}
	ids := e.AccountIDs(it.AccessToken)
	ira := e.ProcessorToken(it.AccessToken, ids["Plaid IRA"], "drivewealth")
	p := e.Partner("/processor/investments/auth/get", map[string]any{"processor_token": ira}).OK(t)
	if plaidtest.Obj(p["account"])["account_id"] != ids["Plaid IRA"] || p["is_investments_fallback_item"] != false ||
		len(plaidtest.List(plaidtest.Obj(p["numbers"])["acats"])) != 1 || len(plaidtest.List(p["holdings"])) == 0 {
		t.Fatalf("partner investments/auth/get = %v", p)
	}
	checking := e.ProcessorToken(it.AccessToken, ids["Plaid Checking"], "drivewealth")
	e.Partner("/processor/investments/auth/get", map[string]any{"processor_token": checking}).PlaidErr(t, 400, "ITEM_ERROR", "NO_INVESTMENT_ACCOUNTS")
}
