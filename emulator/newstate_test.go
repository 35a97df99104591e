package emulator_test

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// TestNewModulesSurviveRestart: what this round's modules keep is there
// after a restart on --state: Plaid users of both APIs with their Items,
// a legacy bank transfer and its event ids (the next event continues
// them), a Transfer UI intent and a payment profile.
func TestNewModulesSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	withState := func(o *emulator.Options) { o.StateFile = path }
	at := withFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	e := newEnv(t, at, withState)
	uid := e.call("/user/create", map[string]any{"client_user_id": "kept"}).body["user_id"].(string)
	legacy := http.Header{"Content-Type": {"application/json"}, "Plaid-New-User-API-Enabled": {"false"}, "PLAID-CLIENT-ID": {"test_client"}, "PLAID-SECRET": {"test_secret"}}
	tok := e.do("POST", "/user/create", legacy, map[string]any{"client_user_id": "kept-legacy"}).body["user_token"].(string)
	it := e.link("ins_109508", []string{"auth"}, nil)
	e.call("/user/items/associate", map[string]any{"user_id": uid, "item_ids": []string{it.itemID}}).ok(t)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	bt := obj(e.call("/bank_transfer/create", map[string]any{"idempotency_key": "k", "access_token": it.accessToken, "account_id": acct, "type": "debit",
		"network": "ach", "amount": "3.00", "iso_currency_code": "USD", "description": "x", "ach_class": "web", "user": map[string]any{"legal_name": "A B"}}).ok(t)["bank_transfer"])["id"]
	e.call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": bt, "event_type": "posted"}).ok(t)
	intent := obj(e.call("/transfer/intent/create", map[string]any{"mode": "PAYMENT", "amount": "1.00", "description": "kept",
		"user": map[string]any{"legal_name": "A B"}}).ok(t)["transfer_intent"])["id"]
	profile := e.call("/payment_profile/create", map[string]any{}).ok(t)["payment_profile_token"]
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, at, withState)
	if items := list(e2.call("/user/items/get", map[string]any{"user_id": uid}).ok(t)["items"]); len(items) != 1 {
		t.Fatalf("the user's Items after the restart: %v", items)
	}
	e2.call("/user/items/get", map[string]any{"user_token": tok}).ok(t)
	e2.call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": bt, "event_type": "reversed"}).ok(t)
	evs := list(e2.call("/bank_transfer/event/sync", map[string]any{"after_id": 0}).ok(t)["bank_transfer_events"])
	if len(evs) != 2 || obj(evs[1])["event_id"] != 2.0 || obj(evs[1])["event_type"] != "reversed" {
		t.Fatalf("bank transfer events after the restart: %v", evs)
	}
	if got := obj(e2.call("/transfer/intent/get", map[string]any{"transfer_intent_id": intent}).ok(t)["transfer_intent"]); got["status"] != "PENDING" {
		t.Fatalf("intent: %v", got)
	}
	if got := e2.call("/payment_profile/get", map[string]any{"payment_profile_token": profile}).ok(t); got["status"] != "PENDING" {
		t.Fatalf("profile: %v", got)
	}
}
