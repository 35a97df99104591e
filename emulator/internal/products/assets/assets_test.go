package assets_test

import (
	"context"
	"io"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestAssetReport makes a report of two Items through plaid-go, one with
// Transactions (its own rows) and one without (a history drawn for the
// report, leaving the Item as it was), with the PRODUCT_READY webhook, a
// PDF, a refresh and a removal.
func TestAssetReport(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	withTx := e.Link("ins_109508", []string{"transactions"}, nil)
	authOnly := e.Link("ins_109511", []string{"auth"}, nil)
	c := e.PlaidClient()
	ctx := context.Background()

	req := plaid.NewAssetReportCreateRequest(30)
	req.SetAccessTokens([]string{withTx.AccessToken, authOnly.AccessToken})
	opts := plaid.NewAssetReportCreateRequestOptions()
	opts.SetWebhook(rv.URL)
	opts.SetClientReportId("loan-42")
	req.SetOptions(*opts)
	created, _, err := c.PlaidApi.AssetReportCreate(ctx).AssetReportCreateRequest(*req).Execute()
	plaidtest.Must(t, "asset_report/create", err)
	d := rv.WaitFor(t, "PRODUCT_READY")
	if d.Type != "ASSETS" || d.Body["asset_report_id"] != created.GetAssetReportId() || d.Body["report_type"] != "FULL" {
		t.Fatalf("webhook = %s", d.Raw)
	}

	get := plaid.NewAssetReportGetRequest()
	get.SetAssetReportToken(created.GetAssetReportToken())
	resp, _, err := c.PlaidApi.AssetReportGet(ctx).AssetReportGetRequest(*get).Execute()
	plaidtest.Must(t, "asset_report/get", err)
	rep := resp.GetReport()
	if rep.GetAssetReportId() != created.GetAssetReportId() || rep.GetClientReportId() != "loan-42" || rep.GetDaysRequested() != 30 || len(rep.GetItems()) != 2 {
		t.Fatalf("report = %+v", rep)
	}
	// The Item with Transactions: its own rows of the last 30 days.
	own := map[string]bool{}
	for _, r := range plaidtest.List(e.Call("/transactions/get", map[string]any{"access_token": withTx.AccessToken, "start_date": "2026-02-08", "end_date": "2026-03-10",
		"options": map[string]any{"count": 500}}).OK(t)["transactions"]) {
		own[plaidtest.Obj(r)["transaction_id"].(string)] = true
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
	products := plaidtest.List(plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": authOnly.AccessToken}).OK(t)["item"])["products"])
	if slices.Contains(products, any("transactions")) || !slices.Contains(products, any("assets")) {
		t.Fatalf("the report changed the Item's products: %v", products)
	}
	// Frozen: the same bytes again.
	again := e.Call("/asset_report/get", map[string]any{"asset_report_token": created.GetAssetReportToken()}).OK(t)
	first := e.Call("/asset_report/get", map[string]any{"asset_report_token": created.GetAssetReportToken()}).OK(t)
	if string(plaidtest.MustJSON(again["report"])) != string(plaidtest.MustJSON(first["report"])) {
		t.Fatal("the report changed between two gets")
	}

	pdf, _, err := c.PlaidApi.AssetReportPdfGet(ctx).AssetReportPDFGetRequest(*plaid.NewAssetReportPDFGetRequest(created.GetAssetReportToken())).Execute()
	plaidtest.Must(t, "asset_report/pdf/get", err)
	body, _ := io.ReadAll(pdf)
	plaidtest.CheckPDF(t, body)

	refreshed := e.Call("/asset_report/refresh", map[string]any{"asset_report_token": created.GetAssetReportToken(), "days_requested": 60}).OK(t)
	if refreshed["asset_report_id"] == created.GetAssetReportId() {
		t.Fatal("refresh kept the report id")
	}
	newRep := plaidtest.Obj(e.Call("/asset_report/get", map[string]any{"asset_report_token": refreshed["asset_report_token"]}).OK(t)["report"])
	if newRep["days_requested"] != 60.0 || newRep["client_report_id"] != "loan-42" {
		t.Fatalf("refreshed report = %v", newRep["days_requested"])
	}
	if r := e.Call("/asset_report/remove", map[string]any{"asset_report_token": created.GetAssetReportToken()}).OK(t); r["removed"] != true {
		t.Fatalf("remove = %v", r)
	}
	e.Call("/asset_report/get", map[string]any{"asset_report_token": created.GetAssetReportToken()}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.CallAs("other", "x", "/asset_report/get", map[string]any{"asset_report_token": refreshed["asset_report_token"]}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
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
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/asset_report/create", map[string]any{"access_tokens": []string{}, "days_requested": 30}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/asset_report/create", map[string]any{"access_tokens": []string{it.AccessToken}, "days_requested": 800}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/asset_report/create", map[string]any{"access_tokens": []string{it.AccessToken}}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	e.Call("/asset_report/create", map[string]any{"access_tokens": []string{"access-sandbox-nope"}, "days_requested": 30}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/sandbox/item/reset_login", map[string]any{"access_token": it.AccessToken}).OK(t)
	e.Call("/asset_report/create", map[string]any{"access_tokens": []string{it.AccessToken}, "days_requested": 30}).PlaidErr(t, 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED")
	noAssets := e.Link("ins_109512", []string{"auth"}, nil) // Houndstooth Bank has no Assets
	e.Call("/asset_report/create", map[string]any{"access_tokens": []string{noAssets.AccessToken}, "days_requested": 30}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
}
