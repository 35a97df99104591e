package transactions_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func sameRows(tb testing.TB, rep plaidtest.Replica, want map[string]map[string]any) {
	tb.Helper()
	if len(rep) != len(want) {
		tb.Fatalf("plaidtest.Replica has %d rows, /transactions/get %d", len(rep), len(want))
	}
	for id, w := range want {
		got, ok := rep[id]
		if !ok {
			tb.Fatalf("plaidtest.Replica lacks %s", id)
		}
		if string(plaidtest.MustJSON(got)) != string(plaidtest.MustJSON(w)) {
			tb.Fatalf("row %s differs:\nsync %s\nget  %s", id, plaidtest.MustJSON(got), plaidtest.MustJSON(w))
		}
	}
}

func TestSyncUserGoodHistory(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	pages := e.SyncAll(it.AccessToken, "", 500, nil)
	if len(pages) != 1 {
		t.Fatalf("%d pages at count=500", len(pages))
	}
	p := pages[0]
	if p["transactions_update_status"] != "HISTORICAL_UPDATE_COMPLETE" || len(plaidtest.List(p["modified"])) != 0 || len(plaidtest.List(p["removed"])) != 0 {
		t.Fatalf("page = %.500s", plaidtest.MustJSON(p))
	}
	added := plaidtest.List(p["added"])
	if len(added) != 54 {
		t.Fatalf("user_good has %d transactions in 90 days, want 54 (18 a month)", len(added))
	}
	for _, a := range plaidtest.List(p["accounts"]) {
		if plaidtest.Obj(a)["type"] == "investment" {
			t.Fatal("sync lists an investment account")
		}
	}
	cats := map[string][]any{}
	for _, c := range plaidtest.List(e.Call("/categories/get", map[string]any{}).OK(t)["categories"]) {
		cats[plaidtest.Obj(c)["category_id"].(string)] = plaidtest.List(plaidtest.Obj(c)["hierarchy"])
	}
	names := map[string]bool{}
	for _, r := range added {
		tx := plaidtest.Obj(r)
		names[tx["name"].(string)] = true
		if !plaidtest.IDPattern.MatchString(tx["transaction_id"].(string)) || tx["pending"] != false || tx["iso_currency_code"] != "USD" {
			t.Fatalf("row = %v", tx)
		}
		h, ok := cats[tx["category_id"].(string)]
		if !ok || string(plaidtest.MustJSON(h)) != string(plaidtest.MustJSON(tx["category"])) {
			t.Fatalf("category %v / %v not consistent with /categories/get", tx["category_id"], tx["category"])
		}
		pfc := plaidtest.Obj(tx["personal_finance_category"])
		if !strings.HasPrefix(pfc["detailed"].(string), pfc["primary"].(string)+"_") ||
			tx["personal_finance_category_icon_url"] != "https://plaid-category-icons.plaid.com/PFC_"+pfc["primary"].(string)+".png" {
			t.Fatalf("pfc = %v, icon %v", pfc, tx["personal_finance_category_icon_url"])
		}
		for _, k := range []string{"reference_number", "ppd_id", "payee", "by_order_of", "payer", "payment_method", "payment_processor", "reason"} {
			if v, ok := plaidtest.Obj(tx["payment_meta"])[k]; !ok || v != nil {
				t.Fatalf("payment_meta.%s = %v", k, v)
			}
		}
	}
	for _, want := range []string{"Uber 063015 SF**POOL**", "United Airlines", "McDonald's", "Starbucks", "SparkFun", "KFC", "Tectra Inc",
		"Madison Bicycle Shop", "Touchstone Climbing", "AUTOMATIC PAYMENT - THANK", "CREDIT CARD 3333 PAYMENT *//", "INTRST PYMNT",
		"CD DEPOSIT .INITIAL.", "ACH Electronic CreditGUSTO PAY 123456"} {
		if !names[want] {
			t.Errorf("no %q row", want)
		}
	}
	rep := plaidtest.Replica{}
	rep.Apply(t, p)
	sameRows(t, rep, e.GetAll(it.AccessToken))
	st := plaidtest.Obj(plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["status"])["transactions"])
	if st["last_successful_update"] == nil {
		t.Fatalf("status.transactions = %v", st)
	}
}

func TestSyncOptionsAndCursors(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	other := e.Link("ins_109508", []string{"transactions"}, nil)
	p := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "count": 1,
		"options": map[string]any{"include_original_description": true, "personal_finance_category_version": "v2"}}).OK(t)
	tx := plaidtest.Obj(plaidtest.List(p["added"])[0])
	if tx["original_description"] == nil || plaidtest.Obj(tx["personal_finance_category"])["version"] != "v2" || p["has_more"] != true {
		t.Fatalf("options ignored: %v", tx)
	}
	if d := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "count": 1}).OK(t); plaidtest.Obj(plaidtest.List(d["added"])[0])["original_description"] != nil {
		t.Fatal("original_description without asking")
	}
	if len(p["next_cursor"].(string)) > 256 {
		t.Fatalf("cursor is %d chars", len(p["next_cursor"].(string)))
	}
	for _, bad := range []map[string]any{
		{"access_token": it.AccessToken, "cursor": "not-a-cursor"},
		{"access_token": other.AccessToken, "cursor": p["next_cursor"]},
		{"access_token": it.AccessToken, "count": 0},
		{"access_token": it.AccessToken, "count": 501},
		{"access_token": it.AccessToken, "options": map[string]any{"days_requested": 731}},
		{"access_token": it.AccessToken, "options": map[string]any{"personal_finance_category_version": "v3"}},
	} {
		e.Call("/transactions/sync", bad).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	}
	e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "options": map[string]any{"account_id": "nope"}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	// "now": no data, a cursor at the end.
	now := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "cursor": "now"}).OK(t)
	if len(plaidtest.List(now["added"])) != 0 || now["has_more"] != false || now["next_cursor"] == "" {
		t.Fatalf("now = %v", now)
	}
	again := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "cursor": now["next_cursor"]}).OK(t)
	if len(plaidtest.List(again["added"])) != 0 || again["next_cursor"] != now["next_cursor"] {
		t.Fatalf("after now: %v", again)
	}
}

func TestPerAccountStreams(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	checking, card := plaidtest.Obj(accts[0])["account_id"].(string), plaidtest.Obj(accts[3])["account_id"].(string)
	total := 0
	var checkingCursor string
	for _, id := range []string{checking, card} {
		pages := e.SyncAll(it.AccessToken, "", 7, map[string]any{"account_id": id})
		rep := plaidtest.Replica{}
		for _, p := range pages {
			if a := plaidtest.List(p["accounts"]); len(a) != 1 || plaidtest.Obj(a[0])["account_id"] != id {
				t.Fatalf("stream accounts = %v", a)
			}
			rep.Apply(t, p)
		}
		for _, r := range rep {
			if r["account_id"] != id {
				t.Fatalf("stream for %s has a row of %s", id, r["account_id"])
			}
		}
		total += len(rep)
		if id == checking {
			checkingCursor = pages[len(pages)-1]["next_cursor"].(string)
		}
	}
	g := e.Call("/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2000-01-01", "end_date": "2100-01-01",
		"options": map[string]any{"account_ids": []string{checking, card}}}).OK(t)
	if int(g["total_transactions"].(float64)) != total {
		t.Fatalf("streams hold %d rows, get %v", total, g["total_transactions"])
	}
	// A cursor of one stream is not valid in another.
	e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "cursor": checkingCursor, "options": map[string]any{"account_id": card}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "cursor": checkingCursor}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

func TestTransactionsGetPaging(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)))
	it := e.Link("ins_109508", []string{"transactions"}, nil)
	all := e.Call("/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-01-01", "end_date": "2026-12-31",
		"options": map[string]any{"count": 500}}).OK(t)
	rows := plaidtest.List(all["transactions"])
	if int(all["total_transactions"].(float64)) != len(rows) || len(rows) != 54 {
		t.Fatalf("total %v, rows %d", all["total_transactions"], len(rows))
	}
	for i := 1; i < len(rows); i++ {
		if plaidtest.Obj(rows[i-1])["date"].(string) < plaidtest.Obj(rows[i])["date"].(string) {
			t.Fatal("not newest first")
		}
	}
	var paged []any
	for off := 0; off < len(rows); off += 10 {
		paged = append(paged, plaidtest.List(e.Call("/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-01-01", "end_date": "2026-12-31",
			"options": map[string]any{"count": 10, "offset": off}}).OK(t)["transactions"])...)
	}
	if string(plaidtest.MustJSON(paged)) != string(plaidtest.MustJSON(rows)) {
		t.Fatal("count/offset pages are not a stable split of the whole")
	}
	win := e.Call("/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-06-20", "end_date": "2026-06-29"}).OK(t)
	for _, r := range plaidtest.List(win["transactions"]) {
		if d := plaidtest.Obj(r)["date"].(string); d < "2026-06-20" || d > "2026-06-29" {
			t.Fatalf("row dated %s outside the range", d)
		}
	}
	if n := len(plaidtest.List(win["transactions"])); n == 0 || n >= len(rows) {
		t.Fatalf("window has %d rows", n)
	}
	e.Call("/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-06-20", "end_date": "2026-06-01"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/transactions/get", map[string]any{"access_token": it.AccessToken, "start_date": "2026-06-20", "end_date": "2026-06-31"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

func TestPendingPostsOnRefresh(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.URL,
		"override_username": "user_transactions_dynamic", "override_password": "any"})
	pages := e.SyncAll(it.AccessToken, "", 500, nil)
	rep := plaidtest.Replica{}
	for _, p := range pages {
		rep.Apply(t, p)
	}
	var pendingIDs []string
	for id, r := range rep {
		if r["pending"] == true {
			pendingIDs = append(pendingIDs, id)
		}
	}
	if len(rep) < 100 || len(pendingIDs) == 0 {
		t.Fatalf("dynamic user: %d rows, %d pending", len(rep), len(pendingIDs))
	}
	decimals := false
	for _, r := range rep {
		if s := string(plaidtest.MustJSON(r["amount"])); regexp.MustCompile(`\.\d{3,}$`).MatchString(s) {
			decimals = true
		}
	}
	if !decimals {
		t.Error("no amount with more than 2 decimals")
	}
	e.Call("/transactions/refresh", map[string]any{"access_token": it.AccessToken}).OK(t)
	next := e.SyncAll(it.AccessToken, pages[len(pages)-1]["next_cursor"].(string), 500, nil)
	removed := map[string]bool{}
	postedFrom := map[string]bool{}
	newPending := 0
	for _, p := range next {
		for _, r := range plaidtest.List(p["removed"]) {
			removed[plaidtest.Obj(r)["transaction_id"].(string)] = true
		}
		for _, a := range plaidtest.List(p["added"]) {
			if pid, _ := plaidtest.Obj(a)["pending_transaction_id"].(string); pid != "" {
				postedFrom[pid] = true
				if plaidtest.Obj(a)["pending"] != false || rep[pid] == nil || plaidtest.Obj(a)["amount"] != rep[pid]["amount"] {
					t.Fatalf("posted row %v", a)
				}
			} else if plaidtest.Obj(a)["pending"] == true {
				newPending++
			}
		}
		rep.Apply(t, p)
	}
	for _, id := range pendingIDs {
		if !removed[id] || !postedFrom[id] {
			t.Fatalf("pending %s: removed %v, posted %v", id, removed[id], postedFrom[id])
		}
	}
	if newPending == 0 {
		t.Fatal("refresh added no new pending rows")
	}
	sameRows(t, rep, e.GetAll(it.AccessToken))
	rv.WaitFor(t, "DEFAULT_UPDATE")
	d := rv.WaitFor(t, "TRANSACTIONS_REMOVED")
	if len(plaidtest.List(d.Body["removed_transactions"])) != len(pendingIDs) {
		t.Fatalf("TRANSACTIONS_REMOVED = %s", d.Raw)
	}
	rv.WaitFor(t, "SYNC_UPDATES_AVAILABLE")
}

func TestMutationDuringPagination(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
	loopStart := ""
	p1 := e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "cursor": loopStart, "count": 10}).OK(t)
	if p1["has_more"] != true {
		t.Fatal("expected more pages")
	}
	e.Call("/sandbox/transactions/create", map[string]any{"access_token": it.AccessToken, "transactions": []any{
		map[string]any{"date_transacted": "2026-01-01", "date_posted": "2026-01-02", "amount": 12.34, "description": "Coffee"}}}).OK(t)
	e.Call("/transactions/sync", map[string]any{"access_token": it.AccessToken, "cursor": p1["next_cursor"], "count": 10}).
		PlaidErr(t, 400, "TRANSACTIONS_ERROR", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION")
	rep := plaidtest.Replica{}
	for _, p := range e.SyncAll(it.AccessToken, loopStart, 10, nil) {
		rep.Apply(t, p)
	}
	sameRows(t, rep, e.GetAll(it.AccessToken))
}

func TestSandboxTransactionsCreateRules(t *testing.T) {
	e := plaidtest.New(t)
	good := e.Link("ins_109508", []string{"transactions"}, nil)
	row := map[string]any{"date_transacted": "2026-01-01", "date_posted": "2026-01-02", "amount": 1, "description": "x"}
	e.Call("/sandbox/transactions/create", map[string]any{"access_token": good.AccessToken, "transactions": []any{row}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	dyn := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
	eleven := make([]any, 11)
	for i := range eleven {
		eleven[i] = row
	}
	e.Call("/sandbox/transactions/create", map[string]any{"access_token": dyn.AccessToken, "transactions": eleven}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/sandbox/transactions/create", map[string]any{"access_token": dyn.AccessToken, "transactions": []any{
		map[string]any{"date_transacted": "2026-01-01", "amount": 1, "description": "x"}}}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
}

func TestCustomAndScriptedTransactions(t *testing.T) {
	e := plaidtest.New(t)
	today := time.Now().UTC()
	future := today.AddDate(0, 0, 3).Format(time.DateOnly)
	past := today.AddDate(0, 0, -5).Format(time.DateOnly)
	cfg := `{"override_accounts":[{"type":"depository","subtype":"checking","starting_balance":100,
	  "transactions":[{"date_transacted":"` + past + `","date_posted":"` + past + `","amount":-1500,"description":"PAYROLL ACME"},
	                  {"date_transacted":"` + past + `","date_posted":"` + future + `","amount":42.5,"description":"Corner Store"}]}]}`
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_custom", "override_password": cfg})
	rows := plaidtest.List(e.SyncAll(it.AccessToken, "", 500, nil)[0]["added"])
	if len(rows) != 2 {
		t.Fatalf("user_custom rows = %v", rows)
	}
	byName := map[string]map[string]any{}
	for _, r := range rows {
		byName[plaidtest.Obj(r)["name"].(string)] = plaidtest.Obj(r)
	}
	if byName["PAYROLL ACME"]["pending"] != false || byName["PAYROLL ACME"]["amount"] != -1500.0 || byName["PAYROLL ACME"]["date"] != past {
		t.Fatalf("posted row = %v", byName["PAYROLL ACME"])
	}
	if byName["Corner Store"]["pending"] != true || byName["Corner Store"]["authorized_date"] != past {
		t.Fatalf("future-posted row = %v", byName["Corner Store"])
	}
}
