package enrich_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestEnrichGivesTheSpecExamples: the spec's two examples through plaid-go
// (every answer also checked against the spec by the transport): Walmart
// in store at its Poway store, DoorDash carrying Burger King online with
// no location; the same descriptions give the same bytes; the legacy
// category only on request.
func TestEnrichGivesTheSpecExamples(t *testing.T) {
	e := plaidtest.New(t)
	api := e.PlaidClient().PlaidApi
	txs := []plaid.ClientProvidedTransaction{
		*plaid.NewClientProvidedTransaction("w", "PURCHASE WM SUPERCENTER #1700", 72.1, plaid.ENRICHTRANSACTIONDIRECTION_OUTFLOW, "USD"),
		*plaid.NewClientProvidedTransaction("d", "DD DOORDASH BURGERKIN 855-123-4567 CA", 28.34, plaid.ENRICHTRANSACTIONDIRECTION_OUTFLOW, "USD"),
		*plaid.NewClientProvidedTransaction("u", "Uber 063015 SF**POOL**", 6.33, plaid.ENRICHTRANSACTIONDIRECTION_OUTFLOW, "USD"),
		*plaid.NewClientProvidedTransaction("x", "ACME WIDGETS 0042", 500, plaid.ENRICHTRANSACTIONDIRECTION_INFLOW, "USD"),
	}
	resp, _, err := api.TransactionsEnrich(context.Background()).TransactionsEnrichRequest(*plaid.NewTransactionsEnrichRequest("depository", txs)).Execute()
	if err != nil {
		t.Fatal(err)
	}
	got := resp.GetEnrichedTransactions()
	if len(got) != 4 || got[0].GetId() != "w" || got[3].GetId() != "x" {
		t.Fatalf("%d enriched, in order w d u x wanted", len(got))
	}
	w, d, u, x := got[0].Enrichments, got[1].Enrichments, got[2].Enrichments, got[3].Enrichments
	if w.GetMerchantName() != "Walmart" || w.Location.GetCity() != "Poway" || w.Location.GetStoreNumber() != "1700" || w.PaymentChannel != plaid.PAYMENTCHANNEL_IN_STORE ||
		w.PersonalFinanceCategory.Get().GetDetailed() != "GENERAL_MERCHANDISE_SUPERSTORES" {
		t.Errorf("Walmart: %+v", w)
	}
	if cps := d.GetCounterparties(); len(cps) != 2 || cps[0].Name != "DoorDash" || cps[0].Type != plaid.COUNTERPARTYTYPE_MARKETPLACE ||
		cps[1].Name != "Burger King" || d.GetMerchantName() != "Burger King" || d.PaymentChannel != plaid.PAYMENTCHANNEL_ONLINE || d.Location.City.Get() != nil {
		t.Errorf("DoorDash carrying Burger King: %+v", d)
	}
	// A description /transactions serves enriches as /transactions shows it (the fixtures' catalogue).
	if u.GetMerchantName() != "Uber" || u.PersonalFinanceCategory.Get().GetDetailed() != "TRANSPORTATION_TAXIS_AND_RIDE_SHARES" {
		t.Errorf("Uber from the catalogue: %+v", u)
	}
	if cps := x.GetCounterparties(); len(cps) != 1 || cps[0].GetConfidenceLevel() != "LOW" || x.PersonalFinanceCategory.Get().GetPrimary() != "INCOME" {
		t.Errorf("an unknown inflow: %+v", x)
	}
	if w.LegacyCategory != nil {
		t.Errorf("legacy_category without include_legacy_category")
	}

	body := map[string]any{"account_type": "credit", "options": map[string]any{"include_legacy_category": true, "personal_finance_category_version": "v2"},
		"transactions": []map[string]any{{"id": "1", "description": "Starbucks", "amount": 4.5, "direction": "OUTFLOW", "iso_currency_code": "USD",
			"location": map[string]any{"city": "Austin", "region": "TX", "extra": true}, "mcc": "5814", "date_posted": "2026-01-02", "more": "kept out"}}}
	a, b := e.Call("/transactions/enrich", body).OK(t), e.Call("/transactions/enrich", body).OK(t)
	delete(a, "request_id")
	delete(b, "request_id")
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("the same transaction enriched twice differs:\n%s\n%s", ja, jb)
	}
	en := plaidtest.Obj(plaidtest.Obj(plaidtest.List(a["enriched_transactions"])[0])["enrichments"])
	if plaidtest.Obj(en["location"])["city"] != "Austin" || plaidtest.Obj(en["personal_finance_category"])["version"] != "v2" || len(plaidtest.List(en["legacy_category"])) == 0 {
		t.Errorf("options and the client's location: %s", ja)
	}
}

// TestEnrichRefusesBadInput: Plaid's errors for what Enrich cannot take.
func TestEnrichRefusesBadInput(t *testing.T) {
	e := plaidtest.New(t)
	tx := func(mod func(m map[string]any)) map[string]any {
		m := map[string]any{"id": "1", "description": "Starbucks", "amount": 4.5, "direction": "OUTFLOW", "iso_currency_code": "USD"}
		if mod != nil {
			mod(m)
		}
		return m
	}
	many := make([]map[string]any, 101)
	for i := range many {
		many[i] = tx(func(m map[string]any) { m["id"] = fmt.Sprint(i) })
	}
	for name, c := range map[string]struct {
		body map[string]any
		code string
	}{
		"no transactions":  {map[string]any{"account_type": "depository", "transactions": []any{}}, "INVALID_FIELD"},
		"101 transactions": {map[string]any{"account_type": "depository", "transactions": many}, "INVALID_FIELD"},
		"an account type":  {map[string]any{"account_type": "loan", "transactions": []any{tx(nil)}}, "INVALID_FIELD"},
		"a negative amount": {map[string]any{"account_type": "depository", "transactions": []any{tx(func(m map[string]any) { m["amount"] = -1 })}},
			"INVALID_FIELD"},
		"a direction": {map[string]any{"account_type": "depository", "transactions": []any{tx(func(m map[string]any) { m["direction"] = "SIDEWAYS" })}},
			"INVALID_FIELD"},
		"no description": {map[string]any{"account_type": "depository", "transactions": []any{tx(func(m map[string]any) { delete(m, "description") })}},
			"MISSING_FIELDS"},
		"a taxonomy version": {map[string]any{"account_type": "depository", "transactions": []any{tx(nil)},
			"options": map[string]any{"personal_finance_category_version": "v9"}}, "INVALID_FIELD"},
	} {
		t.Run(name, func(t *testing.T) {
			e.Call("/transactions/enrich", c.body).PlaidErr(t, 400, "INVALID_REQUEST", c.code)
		})
	}
	// 100 is the most one call takes, and Enrich needs no access token.
	e.Call("/transactions/enrich", map[string]any{"account_type": "depository", "transactions": many[:100]}).OK(t)
}
