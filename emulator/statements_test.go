package emulator_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v20/plaid"
)

// TestStatements lists user_good's statements through plaid-go, downloads
// one as a PDF whose cross-reference table holds, and refreshes the range
// (with its webhook).
func TestStatements(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"statements"}, map[string]any{"webhook": rv.url})
	c := e.plaidClient()
	ctx := context.Background()
	list, _, err := c.PlaidApi.StatementsList(ctx).StatementsListRequest(*plaid.NewStatementsListRequest(it.accessToken)).Execute()
	must(t, "statements/list", err)
	if list.GetInstitutionName() != "First Platypus Bank" || list.GetItemId() != it.itemID {
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
	f, _, err := c.PlaidApi.StatementsDownload(ctx).StatementsDownloadRequest(*plaid.NewStatementsDownloadRequest(it.accessToken, sts[11].GetStatementId())).Execute()
	must(t, "statements/download", err)
	pdf, _ := io.ReadAll(f)
	checkPDF(t, pdf)
	if !bytes.Contains(pdf, []byte("Period: February 2026")) || !bytes.Contains(pdf, []byte("Plaid Checking")) {
		t.Fatalf("statement text missing:\n%s", pdf)
	}
	e.call("/statements/download", map[string]any{"access_token": it.accessToken, "statement_id": "nope"}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	_, _, err = c.PlaidApi.StatementsRefresh(ctx).StatementsRefreshRequest(*plaid.NewStatementsRefreshRequest(it.accessToken, "2024-01-15", "2024-06-30")).Execute()
	must(t, "statements/refresh", err)
	d := rv.waitFor(t, "STATEMENTS_REFRESH_COMPLETE")
	if d.typ != "STATEMENTS" || d.body["result"] != "SUCCESS" || d.body["item_id"] != it.itemID {
		t.Fatalf("webhook = %s", d.raw)
	}
	after := e.call("/statements/list", map[string]any{"access_token": it.accessToken}).ok(t)
	got := obj(after["accounts"].([]any)[0])["statements"].([]any)
	if len(got) != 6 || obj(got[0])["month"] != 1.0 || obj(got[5])["month"] != 6.0 || obj(got[0])["year"] != 2024.0 {
		t.Fatalf("after refresh: %v", got)
	}
	e.call("/statements/refresh", map[string]any{"access_token": it.accessToken, "start_date": "2026-03-01", "end_date": "2026-12-31"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/statements/refresh", map[string]any{"access_token": it.accessToken, "start_date": "2024-06-01", "end_date": "2024-01-01"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// checkPDF checks a PDF's header, trailer and that each xref offset lands
// on its object.
func checkPDF(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Fatalf("not a PDF: %.40q … %q", pdf, pdf[max(0, len(pdf)-10):])
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[at:], []byte("xref\n")) {
		t.Fatalf("startxref %d does not point at the xref table", at)
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(pdf[at:], -1)
	if len(entries) == 0 {
		t.Fatal("empty xref")
	}
	for i, en := range entries {
		off, _ := strconv.Atoi(string(en[1]))
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Fatalf("xref entry %d (%d) does not start %q", i+1, off, want)
		}
	}
}
