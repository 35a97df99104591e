package statements_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestStatements lists user_good's statements through plaid-go, downloads
// one as a PDF whose cross-reference table holds, and refreshes the range
// (with its webhook).
func TestStatements(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"statements"}, map[string]any{"webhook": rv.URL})
	c := e.PlaidClient()
	ctx := context.Background()
	list, _, err := c.PlaidApi.StatementsList(ctx).StatementsListRequest(*plaid.NewStatementsListRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "statements/list", err)
	if list.GetInstitutionName() != "First Platypus Bank" || list.GetItemId() != it.ItemID {
		t.Fatalf("list = %+v", list)
	}
	byName := map[string]*plaid.StatementsAccount{}
	for _, a := range list.GetAccounts() {
		a := a
		byName[a.GetAccountName()] = &a
	}
	if _, ok := byName["Plaid IRA"]; ok || len(byName["Plaid Checking"].GetStatements()) != 12 || len(byName["Plaid Credit Card"].GetStatements()) != 12 {
		t.Fatalf("accounts with statements = %v", byName)
	}
	sts := byName["Plaid Checking"].GetStatements()
	if first, last := sts[0], sts[11]; first.GetYear() != 2025 || first.GetMonth() != 3 || last.GetYear() != 2026 || last.GetMonth() != 2 {
		t.Fatalf("months %d/%d … %d/%d, want 3/2025 … 2/2026", first.GetMonth(), first.GetYear(), last.GetMonth(), last.GetYear())
	}
	f, _, err := c.PlaidApi.StatementsDownload(ctx).StatementsDownloadRequest(*plaid.NewStatementsDownloadRequest(it.AccessToken, sts[11].GetStatementId())).Execute()
	plaidtest.Must(t, "statements/download", err)
	pdf, _ := io.ReadAll(f)
	plaidtest.CheckPDF(t, pdf)
	if !bytes.Contains(pdf, []byte("Period: February 2026")) || !bytes.Contains(pdf, []byte("Plaid Checking")) {
		t.Fatalf("statement text missing:\n%s", pdf)
	}
	e.Call("/statements/download", map[string]any{"access_token": it.AccessToken, "statement_id": "nope"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	_, _, err = c.PlaidApi.StatementsRefresh(ctx).StatementsRefreshRequest(*plaid.NewStatementsRefreshRequest(it.AccessToken, "2024-01-15", "2024-06-30")).Execute()
	plaidtest.Must(t, "statements/refresh", err)
	d := rv.WaitFor(t, "STATEMENTS_REFRESH_COMPLETE")
	if d.Type != "STATEMENTS" || d.Body["result"] != "SUCCESS" || d.Body["item_id"] != it.ItemID {
		t.Fatalf("webhook = %s", d.Raw)
	}
	after := e.Call("/statements/list", map[string]any{"access_token": it.AccessToken}).OK(t)
	got := plaidtest.Obj(after["accounts"].([]any)[0])["statements"].([]any)
	if len(got) != 6 || plaidtest.Obj(got[0])["month"] != 1.0 || plaidtest.Obj(got[5])["month"] != 6.0 || plaidtest.Obj(got[0])["year"] != 2024.0 {
		t.Fatalf("after refresh: %v", got)
	}
	e.Call("/statements/refresh", map[string]any{"access_token": it.AccessToken, "start_date": "2026-03-01", "end_date": "2026-12-31"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/statements/refresh", map[string]any{"access_token": it.AccessToken, "start_date": "2024-06-01", "end_date": "2024-01-01"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
