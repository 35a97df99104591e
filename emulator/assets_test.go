package emulator_test

import (
	"context"
	"io"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v20/plaid"
)

// TestAssetReport makes a report of two Items through plaid-go, one with
// Transactions (its own rows) and one without (a history drawn for the
// report, leaving the Item as it was), with the PRODUCT_READY webhook, a
// PDF, a refresh and a removal.
func TestAssetReport(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	rv := newReceiver(e)
	withTx := e.link("ins_109508", []string{"transactions"}, nil)
	authOnly := e.link("ins_109511", []string{"auth"}, nil)
	c := e.plaidClient()
	ctx := context.Background()

	req := plaid.NewAssetReportCreateRequest(30)
	req.SetAccessTokens([]string{withTx.accessToken, authOnly.accessToken})
	opts := plaid.NewAssetReportCreateRequestOptions()
	opts.SetWebhook(rv.url)
	opts.SetClientReportId("loan-42")
	req.SetOptions(*opts)
	created, _, err := c.PlaidApi.AssetReportCreate(ctx).AssetReportCreateRequest(*req).Execute()
	must(t, "asset_report/create", err)
	d := rv.waitFor(t, "PRODUCT_READY")
	if d.typ != "ASSETS" || d.body["asset_report_id"] != created.GetAssetReportId() || d.body["report_type"] != "FULL" {
		t.Fatalf("webhook = %s", d.raw)
	}

	get := plaid.NewAssetReportGetRequest()
	get.SetAssetReportToken(created.GetAssetReportToken())
	resp, _, err := c.PlaidApi.AssetReportGet(ctx).AssetReportGetRequest(*get).Execute()
	must(t, "asset_report/get", err)
	rep := resp.GetReport()
	if rep.GetAssetReportId() != created.GetAssetReportId() || rep.GetClientReportId() != "loan-42" || rep.GetDaysRequested() != 30 || len(rep.GetItems()) != 2 {
		t.Fatalf("report = %+v", rep)
	}
	// The Item with Transactions: its own rows of the last 30 days.
	own := map[string]bool{}
	for _, r := range list(e.call("/transactions/get", map[string]any{"access_token": withTx.accessToken, "start_date": "2026-02-08", "end_date": "2026-03-10",
		"options": map[string]any{"count": 500}}).ok(t)["transactions"]) {
		own[obj(r)["transaction_id"].(string)] = true
	}
	n, walked := 0, false
	for _, a := range rep.GetItems()[0].GetAccounts() {
		for _, tx := range a.GetTransactions() {
			n++
			if !own[tx.GetTransactionId()] || tx.GetDate() < "2026-02-08" {
				t.Fatalf("transaction %s (%s) is not the Item's own of the period", tx.GetTransactionId(), tx.GetDate())
			}
		}
		if a.GetName() == "Plaid Checking" {
			checkWalkBack(t, a)
			walked = true
		}
	}
	if !walked || len(own) == 0 || n != len(own) {
		t.Fatalf("%d transactions in the report, %d in the Item's last 30 days", n, len(own))
	}
	// The Item without: a drawn history, and the Item still has no Transactions.
	drawn := 0
	for _, a := range rep.GetItems()[1].GetAccounts() {
		drawn += len(a.GetTransactions())
		if len(a.GetOwners()) == 0 || a.GetOwners()[0].GetNames()[0] != "Alberta Bobbeth Charleson" {
			t.Fatalf("owners of %s = %+v", a.GetName(), a.GetOwners())
		}
	}
	if drawn == 0 {
		t.Fatal("no transactions in the report of the Item without Transactions")
	}
	products := list(obj(e.call("/item/get", map[string]any{"access_token": authOnly.accessToken}).ok(t)["item"])["products"])
	if slices.Contains(products, any("transactions")) || !slices.Contains(products, any("assets")) {
		t.Fatalf("the report changed the Item's products: %v", products)
	}
	// Frozen: the same bytes again.
	again := e.call("/asset_report/get", map[string]any{"asset_report_token": created.GetAssetReportToken()}).ok(t)
	first := e.call("/asset_report/get", map[string]any{"asset_report_token": created.GetAssetReportToken()}).ok(t)
	if string(mustJSON(again["report"])) != string(mustJSON(first["report"])) {
		t.Fatal("the report changed between two gets")
	}

	pdf, _, err := c.PlaidApi.AssetReportPdfGet(ctx).AssetReportPDFGetRequest(*plaid.NewAssetReportPDFGetRequest(created.GetAssetReportToken())).Execute()
	must(t, "asset_report/pdf/get", err)
	body, _ := io.ReadAll(pdf)
	checkPDF(t, body)

	refreshed := e.call("/asset_report/refresh", map[string]any{"asset_report_token": created.GetAssetReportToken(), "days_requested": 60}).ok(t)
	if refreshed["asset_report_id"] == created.GetAssetReportId() {
		t.Fatal("refresh kept the report id")
	}
	newRep := obj(e.call("/asset_report/get", map[string]any{"asset_report_token": refreshed["asset_report_token"]}).ok(t)["report"])
	if newRep["days_requested"] != 60.0 || newRep["client_report_id"] != "loan-42" {
		t.Fatalf("refreshed report = %v", newRep["days_requested"])
	}
	if r := e.call("/asset_report/remove", map[string]any{"asset_report_token": created.GetAssetReportToken()}).ok(t); r["removed"] != true {
		t.Fatalf("remove = %v", r)
	}
	e.call("/asset_report/get", map[string]any{"asset_report_token": created.GetAssetReportToken()}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.callAs("other", "x", "/asset_report/get", map[string]any{"asset_report_token": refreshed["asset_report_token"]}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// checkWalkBack: daily balances start at the current balance and each
// earlier day adds back what went out of the account that day.
func checkWalkBack(t *testing.T, a plaid.AccountAssets) {
	t.Helper()
	hb := a.GetHistoricalBalances()
	if len(hb) != 30 || hb[0].GetCurrent() != a.Balances.GetCurrent() || hb[0].GetDate() != "2026-03-10" {
		t.Fatalf("historical balances of %s: %d, first %+v", a.GetName(), len(hb), hb[0])
	}
	for i := 1; i < len(hb); i++ {
		out := 0.0
		for _, tx := range a.GetTransactions() {
			if tx.GetDate() == hb[i-1].GetDate() && !tx.GetPending() {
				out += tx.GetAmount()
			}
		}
		if math.Abs(hb[i].GetCurrent()-(hb[i-1].GetCurrent()+out)) > 0.011 {
			t.Fatalf("%s: %v then %v with %v out", hb[i].GetDate(), hb[i].GetCurrent(), hb[i-1].GetCurrent(), out)
		}
	}
}

// TestAssetReportErrors: bad requests and Items.
func TestAssetReportErrors(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{}, "days_requested": 30}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{it.accessToken}, "days_requested": 800}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{it.accessToken}}).plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{"access-sandbox-nope"}, "days_requested": 30}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{it.accessToken}, "days_requested": 30}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED")
	noAssets := e.link("ins_109512", []string{"auth"}, nil) // Houndstooth Bank has no Assets
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{noAssets.accessToken}, "days_requested": 30}).plaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
}
