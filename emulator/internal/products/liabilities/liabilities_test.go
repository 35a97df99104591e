package liabilities_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestLiabilitiesUserGood reads user_good's liabilities through plaid-go:
// the spec example's card, student loan and mortgage, on the right accounts.
func TestLiabilitiesUserGood(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"liabilities"}, nil)
	resp, _, err := e.PlaidClient().PlaidApi.LiabilitiesGet(context.Background()).
		LiabilitiesGetRequest(*plaid.NewLiabilitiesGetRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "liabilities/get", err)
	byName := map[string]string{}
	for _, a := range resp.GetAccounts() {
		byName[a.GetName()] = a.GetAccountId()
	}
	if len(resp.GetAccounts()) != 12 {
		t.Fatalf("%d accounts, want all 12", len(resp.GetAccounts()))
	}
	l := resp.GetLiabilities()
	if len(l.Credit) != 1 || len(l.Mortgage) != 1 || len(l.Student) != 1 { // the business card is not reported (as in Plaid's Sandbox)
		t.Fatalf("credit %d, mortgage %d, student %d", len(l.Credit), len(l.Mortgage), len(l.Student))
	}
	card := l.Credit[0]
	if card.GetAccountId() != byName["Plaid Credit Card"] || len(card.GetAprs()) != 4 || card.GetAprs()[1].GetAprType() != "cash_apr" ||
		card.GetAprs()[1].GetAprPercentage() != 27.95 || card.GetLastStatementBalance() != 1708.77 || card.GetNextPaymentDueDate() != "2020-05-28" {
		t.Fatalf("credit card = %+v", card)
	}
	// The business card is listed among the accounts but has no liability entry.
	if byName["Plaid Business Credit Card"] == "" || card.GetAccountId() == byName["Plaid Business Credit Card"] {
		t.Fatalf("the business card: accounts %v", byName)
	}
	m := l.Mortgage[0]
	if m.GetAccountId() != byName["Plaid Mortgage"] || m.InterestRate.GetPercentage() != 3.99 || m.InterestRate.GetType() != "fixed" ||
		m.PropertyAddress.GetStreet() != "2992 Cameron Road" || m.GetOriginationPrincipalAmount() != 425000 || !m.GetHasPmi() {
		t.Fatalf("mortgage = %+v", m)
	}
	s := l.Student[0]
	if s.GetAccountId() != byName["Plaid Student Loan"] || s.GetInterestRatePercentage() != 5.25 || s.LoanStatus.GetType() != "repayment" ||
		s.RepaymentPlan.GetType() != "standard" || s.ServicerAddress.GetCity() != "San Matias" || s.GetDisbursementDates()[0] != "2002-08-28" {
		t.Fatalf("student loan = %+v", s)
	}
	if !slices.Contains(resp.Item.GetProducts(), plaid.PRODUCTS_LIABILITIES) {
		t.Fatalf("item products = %v", resp.Item.GetProducts())
	}
	// Null is null, not missing: the PSLF status of the student loan.
	raw := e.Call("/liabilities/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	pslf := plaidtest.Obj(plaidtest.Obj(plaidtest.List(plaidtest.Obj(raw["liabilities"])["student"])[0])["pslf_status"])
	if v, ok := pslf["payments_made"]; !ok || v != nil || len(pslf) != 3 {
		t.Fatalf("pslf_status = %v", pslf)
	}
	// Selecting the checking account: that account, no liabilities.
	sel := e.Call("/liabilities/get", map[string]any{"access_token": it.AccessToken,
		"options": map[string]any{"account_ids": []string{byName["Plaid Checking"]}}}).OK(t)
	if len(plaidtest.List(sel["accounts"])) != 1 || len(plaidtest.List(plaidtest.Obj(sel["liabilities"])["credit"])) != 0 || len(plaidtest.List(plaidtest.Obj(sel["liabilities"])["student"])) != 0 {
		t.Fatalf("checking only = %v", sel)
	}
	e.Call("/liabilities/get", map[string]any{"access_token": it.AccessToken, "options": map[string]any{"account_ids": []string{"nope"}}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
}

// TestLiabilitiesErrors: no liability accounts, a bank without the product,
// and an Item in an error state.
func TestLiabilitiesErrors(t *testing.T) {
	e := plaidtest.New(t)
	pt := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_username": "user_custom", "override_password": `{"override_accounts":[{"type":"depository","subtype":"checking"}]}`}}).OK(t)
	at := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).OK(t)["access_token"]
	e.Call("/liabilities/get", map[string]any{"access_token": at}).PlaidErr(t, 400, "ITEM_ERROR", "NO_LIABILITY_ACCOUNTS")

	hound := e.Link("ins_109512", []string{"auth"}, nil) // Houndstooth Bank has no Liabilities
	e.Call("/liabilities/get", map[string]any{"access_token": hound.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")

	it := e.Link("ins_109508", []string{"liabilities"}, nil)
	e.Call("/sandbox/item/reset_login", map[string]any{"access_token": it.AccessToken}).OK(t)
	e.Call("/liabilities/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED")
}
