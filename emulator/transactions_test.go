package emulator_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// syncAll pages /transactions/sync from cursor until has_more is false and
// returns every page.
func (e *env) syncAll(accessToken, cursor string, count int, options map[string]any) []map[string]any {
	e.tb.Helper()
	var pages []map[string]any
	for range 10000 {
		body := map[string]any{"access_token": accessToken, "cursor": cursor, "count": count}
		if options != nil {
			body["options"] = options
		}
		p := e.call("/transactions/sync", body).ok(e.tb)
		pages = append(pages, p)
		cursor = p["next_cursor"].(string)
		if p["has_more"] != true {
			return pages
		}
	}
	e.tb.Fatal("sync never ended")
	return nil
}

// replica applies sync pages to a map, as a client does.
type replica map[string]map[string]any

func (r replica) apply(tb testing.TB, p map[string]any) {
	tb.Helper()
	for _, t := range list(p["added"]) {
		r[obj(t)["transaction_id"].(string)] = obj(t)
	}
	for _, t := range list(p["modified"]) {
		r[obj(t)["transaction_id"].(string)] = obj(t)
	}
	for _, t := range list(p["removed"]) {
		delete(r, obj(t)["transaction_id"].(string))
	}
}

// getAll reads every live row through /transactions/get over a wide range.
func (e *env) getAll(accessToken string) map[string]map[string]any {
	e.tb.Helper()
	out := map[string]map[string]any{}
	for offset := 0; ; offset += 500 {
		g := e.call("/transactions/get", map[string]any{"access_token": accessToken, "start_date": "2000-01-01", "end_date": "2100-01-01",
			"options": map[string]any{"count": 500, "offset": offset}}).ok(e.tb)
		for _, t := range list(g["transactions"]) {
			out[obj(t)["transaction_id"].(string)] = obj(t)
		}
		if offset+500 >= int(g["total_transactions"].(float64)) {
			return out
		}
	}
}

func sameRows(tb testing.TB, rep replica, want map[string]map[string]any) {
	tb.Helper()
	if len(rep) != len(want) {
		tb.Fatalf("replica has %d rows, /transactions/get %d", len(rep), len(want))
	}
	for id, w := range want {
		got, ok := rep[id]
		if !ok {
			tb.Fatalf("replica lacks %s", id)
		}
		if string(mustJSON(got)) != string(mustJSON(w)) {
			tb.Fatalf("row %s differs:\nsync %s\nget  %s", id, mustJSON(got), mustJSON(w))
		}
	}
}

func TestSyncUserGoodHistory(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"transactions"}, nil)
	pages := e.syncAll(it.accessToken, "", 500, nil)
	if len(pages) != 1 {
		t.Fatalf("%d pages at count=500", len(pages))
	}
	p := pages[0]
	if p["transactions_update_status"] != "HISTORICAL_UPDATE_COMPLETE" || len(list(p["modified"])) != 0 || len(list(p["removed"])) != 0 {
		t.Fatalf("page = %.500s", mustJSON(p))
	}
	added := list(p["added"])
	if len(added) != 54 {
		t.Fatalf("user_good has %d transactions in 90 days, want 54 (18 a month)", len(added))
	}
	for _, a := range list(p["accounts"]) {
		if obj(a)["type"] == "investment" {
			t.Fatal("sync lists an investment account")
		}
	}
	cats := map[string][]any{}
	for _, c := range list(e.call("/categories/get", map[string]any{}).ok(t)["categories"]) {
		cats[obj(c)["category_id"].(string)] = list(obj(c)["hierarchy"])
	}
	names := map[string]bool{}
	for _, r := range added {
		tx := obj(r)
		names[tx["name"].(string)] = true
		if !idPattern.MatchString(tx["transaction_id"].(string)) || tx["pending"] != false || tx["iso_currency_code"] != "USD" {
			t.Fatalf("row = %v", tx)
		}
		h, ok := cats[tx["category_id"].(string)]
		if !ok || string(mustJSON(h)) != string(mustJSON(tx["category"])) {
			t.Fatalf("category %v / %v not consistent with /categories/get", tx["category_id"], tx["category"])
		}
		pfc := obj(tx["personal_finance_category"])
		if !strings.HasPrefix(pfc["detailed"].(string), pfc["primary"].(string)+"_") ||
			tx["personal_finance_category_icon_url"] != "https://plaid-category-icons.plaid.com/PFC_"+pfc["primary"].(string)+".png" {
			t.Fatalf("pfc = %v, icon %v", pfc, tx["personal_finance_category_icon_url"])
		}
		for _, k := range []string{"reference_number", "ppd_id", "payee", "by_order_of", "payer", "payment_method", "payment_processor", "reason"} {
			if v, ok := obj(tx["payment_meta"])[k]; !ok || v != nil {
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
	rep := replica{}
	rep.apply(t, p)
	sameRows(t, rep, e.getAll(it.accessToken))
	st := obj(obj(e.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)["status"])["transactions"])
	if st["last_successful_update"] == nil {
		t.Fatalf("status.transactions = %v", st)
	}
}

func TestSyncOptionsAndCursors(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"transactions"}, nil)
	other := e.link("ins_109508", []string{"transactions"}, nil)
	p := e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "count": 1,
		"options": map[string]any{"include_original_description": true, "personal_finance_category_version": "v2"}}).ok(t)
	tx := obj(list(p["added"])[0])
	if tx["original_description"] == nil || obj(tx["personal_finance_category"])["version"] != "v2" || p["has_more"] != true {
		t.Fatalf("options ignored: %v", tx)
	}
	if d := e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "count": 1}).ok(t); obj(list(d["added"])[0])["original_description"] != nil {
		t.Fatal("original_description without asking")
	}
	if len(p["next_cursor"].(string)) > 256 {
		t.Fatalf("cursor is %d chars", len(p["next_cursor"].(string)))
	}
	for _, bad := range []map[string]any{
		{"access_token": it.accessToken, "cursor": "not-a-cursor"},
		{"access_token": other.accessToken, "cursor": p["next_cursor"]},
		{"access_token": it.accessToken, "count": 0},
		{"access_token": it.accessToken, "count": 501},
		{"access_token": it.accessToken, "options": map[string]any{"days_requested": 731}},
		{"access_token": it.accessToken, "options": map[string]any{"personal_finance_category_version": "v3"}},
	} {
		e.call("/transactions/sync", bad).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	}
	e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "options": map[string]any{"account_id": "nope"}}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	// "now": no data, a cursor at the end.
	now := e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": "now"}).ok(t)
	if len(list(now["added"])) != 0 || now["has_more"] != false || now["next_cursor"] == "" {
		t.Fatalf("now = %v", now)
	}
	again := e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": now["next_cursor"]}).ok(t)
	if len(list(again["added"])) != 0 || again["next_cursor"] != now["next_cursor"] {
		t.Fatalf("after now: %v", again)
	}
}

func TestPerAccountStreams(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"transactions"}, nil)
	accts := list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])
	checking, card := obj(accts[0])["account_id"].(string), obj(accts[3])["account_id"].(string)
	total := 0
	var checkingCursor string
	for _, id := range []string{checking, card} {
		pages := e.syncAll(it.accessToken, "", 7, map[string]any{"account_id": id})
		rep := replica{}
		for _, p := range pages {
			if a := list(p["accounts"]); len(a) != 1 || obj(a[0])["account_id"] != id {
				t.Fatalf("stream accounts = %v", a)
			}
			rep.apply(t, p)
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
	g := e.call("/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2000-01-01", "end_date": "2100-01-01",
		"options": map[string]any{"account_ids": []string{checking, card}}}).ok(t)
	if int(g["total_transactions"].(float64)) != total {
		t.Fatalf("streams hold %d rows, get %v", total, g["total_transactions"])
	}
	// A cursor of one stream is not valid in another.
	e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": checkingCursor, "options": map[string]any{"account_id": card}}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": checkingCursor}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

func TestTransactionsGetPaging(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)))
	it := e.link("ins_109508", []string{"transactions"}, nil)
	all := e.call("/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-01-01", "end_date": "2026-12-31",
		"options": map[string]any{"count": 500}}).ok(t)
	rows := list(all["transactions"])
	if int(all["total_transactions"].(float64)) != len(rows) || len(rows) != 54 {
		t.Fatalf("total %v, rows %d", all["total_transactions"], len(rows))
	}
	for i := 1; i < len(rows); i++ {
		if obj(rows[i-1])["date"].(string) < obj(rows[i])["date"].(string) {
			t.Fatal("not newest first")
		}
	}
	var paged []any
	for off := 0; off < len(rows); off += 10 {
		paged = append(paged, list(e.call("/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-01-01", "end_date": "2026-12-31",
			"options": map[string]any{"count": 10, "offset": off}}).ok(t)["transactions"])...)
	}
	if string(mustJSON(paged)) != string(mustJSON(rows)) {
		t.Fatal("count/offset pages are not a stable split of the whole")
	}
	win := e.call("/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-06-20", "end_date": "2026-06-29"}).ok(t)
	for _, r := range list(win["transactions"]) {
		if d := obj(r)["date"].(string); d < "2026-06-20" || d > "2026-06-29" {
			t.Fatalf("row dated %s outside the range", d)
		}
	}
	if n := len(list(win["transactions"])); n == 0 || n >= len(rows) {
		t.Fatalf("window has %d rows", n)
	}
	e.call("/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-06-20", "end_date": "2026-06-01"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2026-06-20", "end_date": "2026-06-31"}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

func TestPendingPostsOnRefresh(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.url,
		"override_username": "user_transactions_dynamic", "override_password": "any"})
	pages := e.syncAll(it.accessToken, "", 500, nil)
	rep := replica{}
	for _, p := range pages {
		rep.apply(t, p)
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
		if s := string(mustJSON(r["amount"])); regexp.MustCompile(`\.\d{3,}$`).MatchString(s) {
			decimals = true
		}
	}
	if !decimals {
		t.Error("no amount with more than 2 decimals")
	}
	e.call("/transactions/refresh", map[string]any{"access_token": it.accessToken}).ok(t)
	next := e.syncAll(it.accessToken, pages[len(pages)-1]["next_cursor"].(string), 500, nil)
	removed := map[string]bool{}
	postedFrom := map[string]bool{}
	newPending := 0
	for _, p := range next {
		for _, r := range list(p["removed"]) {
			removed[obj(r)["transaction_id"].(string)] = true
		}
		for _, a := range list(p["added"]) {
			if pid, _ := obj(a)["pending_transaction_id"].(string); pid != "" {
				postedFrom[pid] = true
				if obj(a)["pending"] != false || rep[pid] == nil || obj(a)["amount"] != rep[pid]["amount"] {
					t.Fatalf("posted row %v", a)
				}
			} else if obj(a)["pending"] == true {
				newPending++
			}
		}
		rep.apply(t, p)
	}
	for _, id := range pendingIDs {
		if !removed[id] || !postedFrom[id] {
			t.Fatalf("pending %s: removed %v, posted %v", id, removed[id], postedFrom[id])
		}
	}
	if newPending == 0 {
		t.Fatal("refresh added no new pending rows")
	}
	sameRows(t, rep, e.getAll(it.accessToken))
	rv.waitFor(t, "DEFAULT_UPDATE")
	d := rv.waitFor(t, "TRANSACTIONS_REMOVED")
	if len(list(d.body["removed_transactions"])) != len(pendingIDs) {
		t.Fatalf("TRANSACTIONS_REMOVED = %s", d.raw)
	}
	rv.waitFor(t, "SYNC_UPDATES_AVAILABLE")
}

func TestMutationDuringPagination(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
	loopStart := ""
	p1 := e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": loopStart, "count": 10}).ok(t)
	if p1["has_more"] != true {
		t.Fatal("expected more pages")
	}
	e.call("/sandbox/transactions/create", map[string]any{"access_token": it.accessToken, "transactions": []any{
		map[string]any{"date_transacted": "2026-01-01", "date_posted": "2026-01-02", "amount": 12.34, "description": "Coffee"}}}).ok(t)
	e.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": p1["next_cursor"], "count": 10}).
		plaidErr(t, 400, "TRANSACTIONS_ERROR", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION")
	rep := replica{}
	for _, p := range e.syncAll(it.accessToken, loopStart, 10, nil) {
		rep.apply(t, p)
	}
	sameRows(t, rep, e.getAll(it.accessToken))
}

func TestSandboxTransactionsCreateRules(t *testing.T) {
	e := newEnv(t)
	good := e.link("ins_109508", []string{"transactions"}, nil)
	row := map[string]any{"date_transacted": "2026-01-01", "date_posted": "2026-01-02", "amount": 1, "description": "x"}
	e.call("/sandbox/transactions/create", map[string]any{"access_token": good.accessToken, "transactions": []any{row}}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	dyn := e.link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
	eleven := make([]any, 11)
	for i := range eleven {
		eleven[i] = row
	}
	e.call("/sandbox/transactions/create", map[string]any{"access_token": dyn.accessToken, "transactions": eleven}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/sandbox/transactions/create", map[string]any{"access_token": dyn.accessToken, "transactions": []any{
		map[string]any{"date_transacted": "2026-01-01", "amount": 1, "description": "x"}}}).plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
}

func TestCustomAndScriptedTransactions(t *testing.T) {
	e := newEnv(t)
	today := time.Now().UTC()
	future := today.AddDate(0, 0, 3).Format(time.DateOnly)
	past := today.AddDate(0, 0, -5).Format(time.DateOnly)
	cfg := `{"override_accounts":[{"type":"depository","subtype":"checking","starting_balance":100,
	  "transactions":[{"date_transacted":"` + past + `","date_posted":"` + past + `","amount":-1500,"description":"PAYROLL ACME"},
	                  {"date_transacted":"` + past + `","date_posted":"` + future + `","amount":42.5,"description":"Corner Store"}]}]}`
	it := e.link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_custom", "override_password": cfg})
	rows := list(e.syncAll(it.accessToken, "", 500, nil)[0]["added"])
	if len(rows) != 2 {
		t.Fatalf("user_custom rows = %v", rows)
	}
	byName := map[string]map[string]any{}
	for _, r := range rows {
		byName[obj(r)["name"].(string)] = obj(r)
	}
	if byName["PAYROLL ACME"]["pending"] != false || byName["PAYROLL ACME"]["amount"] != -1500.0 || byName["PAYROLL ACME"]["date"] != past {
		t.Fatalf("posted row = %v", byName["PAYROLL ACME"])
	}
	if byName["Corner Store"]["pending"] != true || byName["Corner Store"]["authorized_date"] != past {
		t.Fatalf("future-posted row = %v", byName["Corner Store"])
	}
}
