package emulator_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestStateSurvivesRestart: Items, tokens, transactions and cursors,
// webhook keys and log, clock and scenarios come back after a restart.
func TestStateSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	withState := func(o *emulator.Options) { o.StateFile = path }
	e := newEnv(t, withState)
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.url, "override_username": "user_transactions_dynamic", "override_password": "x"})
	pages := e.SyncAll(it.accessToken, "", 500, nil)
	cursor := pages[len(pages)-1]["next_cursor"].(string)
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	e.waitWebhooks("webhook_code=ERROR&state=delivered", 1)
	kid := obj(e.do(http.MethodPost, "/_emulator/webhook_keys/rotate", http.Header{}, nil).body["key"])["kid"]
	e.activate("rate-limited", nil)
	e.clock(map[string]any{"advance": "48h"})
	clockBefore := e.do(http.MethodGet, "/_emulator/clock", http.Header{}, nil).body["now"].(string)
	pt := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).ok(t)["public_token"]
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := newEnv(t, withState)
	got := e2.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)
	if obj(obj(got["item"])["error"])["error_code"] != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("item after restart = %v", got["item"])
	}
	// Repair it, then sync goes on from the same cursor with nothing new.
	lt := e2.linkToken(map[string]any{"access_token": it.accessToken})
	e2.completeLink(map[string]any{"link_token": lt}).ok(t)
	next := e2.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": cursor}).ok(t)
	if len(list(next["added"])) != 0 || next["next_cursor"] != cursor {
		t.Fatalf("sync after restart: %.300s", mustJSON(next))
	}
	e2.call("/transactions/refresh", map[string]any{"access_token": it.accessToken}).ok(t)
	if moved := e2.call("/transactions/sync", map[string]any{"access_token": it.accessToken, "cursor": cursor}).ok(t); len(list(moved["added"])) == 0 {
		t.Fatal("no new rows after a refresh on the restored Item")
	}
	e2.call("/item/public_token/exchange", map[string]any{"public_token": pt}).ok(t)
	e2.call("/webhook_verification_key/get", map[string]any{"key_id": kid}).ok(t)
	if n := len(e2.webhooks("webhook_code=ERROR")); n != 1 {
		t.Fatalf("webhook log after restart has %d ERROR webhooks", n)
	}
	if a := list(e2.do(http.MethodGet, "/_emulator/scenarios", http.Header{}, nil).body["active"]); len(a) != 1 || obj(a[0])["scenario"] != "rate-limited" {
		t.Fatalf("active scenarios after restart = %v", a)
	}
	if now := e2.do(http.MethodGet, "/_emulator/clock", http.Header{}, nil).body["now"].(string); now < clockBefore {
		t.Fatalf("clock went back: %s < %s", now, clockBefore)
	}
}

// A file that is not this version's database is refused, named, and left
// as it was: an old JSON state file with how to start fresh.
func TestBadStateFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ content, says string }{
		"old.json":   {`{"format":"plaid-emulator-state/1","items":[]}`, "delete it to start fresh"},
		"spaced.db":  {"\n  {\"format\":\"plaid-emulator-state/1\"}", "JSON state file"},
		"garbage.db": {"this is not a database at all", "not a SQLite database"},
	} {
		path := filepath.Join(dir, name)
		content := c.content
		_ = os.WriteFile(path, []byte(content), 0o600)
		_, err := emulator.New(emulator.Options{StateFile: path})
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: err = %v, want it to name the file and say %q", name, err, c.says)
		}
		if data, _ := os.ReadFile(path); string(data) != content {
			t.Errorf("%s was overwritten", name)
		}
	}
}

// TestProductDataSurvivesRestart: what liabilities, investments, asset
// reports and recurring rules an Item was made with answers the same after a restart,
// and an Item whose transactions had not started yet still gets its
// recurring rows.
func TestProductDataSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	withState := func(o *emulator.Options) { o.StateFile = path }
	recurring := plaidtest.WithFixtureDir("internal/products/transactions/testdata/fixtures") // user_rules
	at := withFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	e := newEnv(t, recurring, at, withState)
	good := e.link("ins_109508", []string{"liabilities", "investments"}, nil)
	rules := e.link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_rules", "override_password": "pass_good"})
	ar := e.call("/asset_report/create", map[string]any{"access_tokens": []string{good.accessToken}, "days_requested": 10}).ok(t)
	liab := e.call("/liabilities/get", map[string]any{"access_token": good.accessToken}).ok(t)
	hold := e.call("/investments/holdings/get", map[string]any{"access_token": good.accessToken}).ok(t)
	report := e.call("/asset_report/get", map[string]any{"asset_report_token": ar["asset_report_token"]}).ok(t)
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, recurring, at, withState)
	same := func(what string, a, b map[string]any) {
		delete(a, "request_id")
		delete(b, "request_id")
		if string(mustJSON(a)) != string(mustJSON(b)) {
			t.Fatalf("%s changed across the restart:\n%s\n%s", what, mustJSON(a), mustJSON(b))
		}
	}
	same("liabilities", liab, e2.call("/liabilities/get", map[string]any{"access_token": good.accessToken}).ok(t))
	same("holdings", hold, e2.call("/investments/holdings/get", map[string]any{"access_token": good.accessToken}).ok(t))
	same("asset report", report, e2.call("/asset_report/get", map[string]any{"asset_report_token": ar["asset_report_token"]}).ok(t))
	// Transactions start now, after the restart: the rules still give streams.
	for deadline := time.Now().Add(10 * time.Second); ; {
		p := e2.call("/transactions/sync", map[string]any{"access_token": rules.accessToken}).ok(t)
		if p["transactions_update_status"] == "HISTORICAL_UPDATE_COMPLETE" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("transactions not ready after 10 s: %v", p["transactions_update_status"])
		}
	}
	got := e2.call("/transactions/recurring/get", map[string]any{"access_token": rules.accessToken}).ok(t)
	if n := len(list(got["inflow_streams"])) + len(list(got["outflow_streams"])); n != 5 {
		t.Fatalf("%d streams after the restart, want 5", n)
	}
}
