package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

func TestClockDrivesTokenExpiry(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)))
	if got := e.do(http.MethodGet, "/_emulator/clock", http.Header{}, nil).body["now"]; got != "2026-05-01T08:00:00Z" {
		t.Fatalf("clock = %v", got)
	}
	pt := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).ok(t)["public_token"]
	lt := e.linkToken(map[string]any{"products": []string{"auth"}})
	if r := e.clock(map[string]any{"advance": "31m"}); r.body["now"] != "2026-05-01T08:31:00Z" {
		t.Fatalf("advance = %s", r.raw)
	}
	e.call("/item/public_token/exchange", map[string]any{"public_token": pt}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN")
	e.completeLink(map[string]any{"link_token": lt}).ok(t) // the link token lives 4 h
	e.clock(map[string]any{"set": "2026-05-01T12:00:01Z"})
	e.completeLink(map[string]any{"link_token": lt}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_LINK_TOKEN")
	for _, bad := range []map[string]any{{"advance": "soon"}, {"set": "tomorrow"}, {}, {"advance": "1h", "set": "2026-01-01T00:00:00Z"}} {
		if r := e.clock(bad); r.status != 400 {
			t.Fatalf("%v: %d", bad, r.status)
		}
	}
}

func TestItemAgeing(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)))
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.url})
	e.clock(map[string]any{"advance": "719h"})
	e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)
	e.clock(map[string]any{"advance": "1h"}) // 30 days
	d := rv.waitFor(t, "ERROR")
	if obj(d.body["error"])["error_code"] != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("ageing webhook = %s", d.raw)
	}
	e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED")

	off := newEnv(t, withFrozenClock(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)), func(o *emulator.Options) { o.NoItemAgeing = true })
	it2 := off.link("ins_109508", []string{"auth"}, nil)
	off.clock(map[string]any{"advance": "2000h"})
	off.call("/accounts/get", map[string]any{"access_token": it2.accessToken}).ok(t)
}

func TestRateLimitsExactlyAtTheCount(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)), func(o *emulator.Options) { o.RateLimits = emulator.RateLimitsSandbox })
	a := e.link("ins_109508", []string{"auth"}, nil)
	b := e.link("ins_109508", []string{"auth"}, nil)
	for i := range 25 {
		if r := e.call("/accounts/balance/get", map[string]any{"access_token": a.accessToken}); r.status != 200 {
			t.Fatalf("call %d refused", i+1)
		}
	}
	r := e.call("/accounts/balance/get", map[string]any{"access_token": a.accessToken})
	r.plaidErr(t, 429, "RATE_LIMIT_EXCEEDED", "ACCOUNTS_BALANCE_GET_LIMIT")
	if r.body["error_message"] != "rate limit exceeded for attempts to access this item. please try again later" {
		t.Fatalf("message = %v", r.body["error_message"])
	}
	// Per Item: another Item still has room; per client: 100 in all.
	for i := range 75 {
		if r := e.call("/accounts/balance/get", map[string]any{"access_token": b.accessToken}); r.status != 200 && i < 25 {
			t.Fatalf("other Item's call %d refused", i+1)
		}
	}
	// A new minute on the emulator clock opens the window again.
	e.clock(map[string]any{"advance": "1m"})
	e.call("/accounts/balance/get", map[string]any{"access_token": a.accessToken}).ok(t)
	// Per client only: /institutions/get allows 10 a minute in Sandbox.
	for i := range 10 {
		if r := e.call("/institutions/get", map[string]any{"count": 1, "offset": 0, "country_codes": []string{"US"}}); r.status != 200 {
			t.Fatalf("institutions call %d refused", i+1)
		}
	}
	e.call("/institutions/get", map[string]any{"count": 1, "offset": 0, "country_codes": []string{"US"}}).
		plaidErr(t, 429, "RATE_LIMIT_EXCEEDED", "INSTITUTIONS_GET_LIMIT")
}

func TestJournalIsBoundedAndFiltered(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.JournalSize = 5 })
	it := e.link("ins_109508", []string{"auth"}, nil)
	for range 4 {
		e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)
	}
	e.call("/accounts/get", map[string]any{"access_token": "access-sandbox-nope"}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	j := e.do(http.MethodGet, "/_emulator/requests", http.Header{}, nil)
	reqs := list(j.body["requests"])
	if len(reqs) != 5 || j.body["recorded"] != 7.0 {
		t.Fatalf("journal holds %d of %v", len(reqs), j.body["recorded"])
	}
	first := obj(reqs[0])
	if first["path"] != "/accounts/get" || first["item_id"] != it.itemID || obj(first["request"])["access_token"] != it.accessToken ||
		len(list(obj(first["response"])["accounts"])) != 12 {
		t.Fatalf("entry = %.400s", mustJSON(first))
	}
	bad := list(e.do(http.MethodGet, "/_emulator/requests?status=400", http.Header{}, nil).body["requests"])
	if len(bad) != 1 || obj(obj(bad[0])["response"])["error_code"] != "INVALID_ACCESS_TOKEN" {
		t.Fatalf("status filter = %v", bad)
	}
	if n := len(list(e.do(http.MethodGet, "/_emulator/requests?item_id="+it.itemID, http.Header{}, nil).body["requests"])); n != 4 {
		t.Fatalf("item filter = %d", n)
	}
	e.do(http.MethodDelete, "/_emulator/requests", http.Header{}, nil)
	if n := len(list(e.do(http.MethodGet, "/_emulator/requests", http.Header{}, nil).body["requests"])); n != 0 {
		t.Fatalf("after clear: %d", n)
	}
}

// Magic credentials work everywhere an Item is created.
func TestMagicCredentialsEverywhere(t *testing.T) {
	e := newEnv(t)
	e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_password": "error_INSTITUTION_NOT_RESPONDING"}}).plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_NOT_RESPONDING")
	e.call("/sandbox/processor_token/create", map[string]any{"institution_id": "ins_109508",
		"options": map[string]any{"override_password": "error_USER_SETUP_REQUIRED"}}).plaidErr(t, 400, "ITEM_ERROR", "USER_SETUP_REQUIRED")
	lt := e.linkToken(map[string]any{"products": []string{"auth"}})
	e.completeLink(map[string]any{"link_token": lt, "password": "error_ITEM_NOT_SUPPORTED"}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_NOT_SUPPORTED")
	e.completeLink(map[string]any{"link_token": lt, "password": "mfa_selections_1_2_3", "mfa_answers": []string{"answer_0_0_0", "answer_0_1_0"}}).ok(t)
	e.completeLink(map[string]any{"link_token": lt, "username": "user_custom", "password": `{"force_error":"INSTITUTION_NO_LONGER_SUPPORTED"}`}).
		plaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_NO_LONGER_SUPPORTED")
	e.call("/sandbox/processor_token/create", map[string]any{"institution_id": "ins_109508",
		"options": map[string]any{"override_username": "user_custom", "override_password": `{"force_error":"ITEM_LOCKED"}`}}).plaidErr(t, 400, "ITEM_ERROR", "ITEM_LOCKED")
}

// Moving the clock past a pending row's posting day posts it.
func TestClockPostsDuePendingRows(t *testing.T) {
	start := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	e := newEnv(t, withFrozenClock(start))
	rv := newReceiver(e)
	cfg := `{"override_accounts":[{"type":"depository","subtype":"checking","transactions":[
	  {"date_transacted":"2026-04-30","date_posted":"2026-05-03","amount":42.5,"description":"Corner Store"}]}]}`
	it := e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.url, "override_username": "user_custom", "override_password": cfg})
	first := e.SyncAll(it.accessToken, "", 100, nil)
	pending := obj(list(first[0]["added"])[0])
	if pending["pending"] != true {
		t.Fatalf("row = %v", pending)
	}
	e.clock(map[string]any{"advance": "24h"}) // May 2
	if p := e.SyncAll(it.accessToken, first[0]["next_cursor"].(string), 100, nil)[0]; len(list(p["added"])) != 0 {
		t.Fatalf("posted before its day: %v", p)
	}
	e.clock(map[string]any{"advance": "24h"}) // May 3: its posting day
	p := e.SyncAll(it.accessToken, first[0]["next_cursor"].(string), 100, nil)[0]
	posted := obj(list(p["added"])[0])
	if posted["pending"] != false || posted["pending_transaction_id"] != pending["transaction_id"] || posted["date"] != "2026-05-03" ||
		obj(list(p["removed"])[0])["transaction_id"] != pending["transaction_id"] {
		t.Fatalf("after the posting day: %v", p)
	}
	rv.waitFor(t, "TRANSACTIONS_REMOVED")
}
