package items_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestAutomatedMicrodepositsVerifyOnTheClock: an Automated Micro-deposits
// Item (Houndstooth, microdeposits_good) answers Auth PRODUCT_NOT_READY and
// shows pending_automatic_verification; 23 hours on, still; at 24 hours
// its account is automatically_verified, Auth answers its numbers, and
// AUTH AUTOMATICALLY_VERIFIED names the account, once.
func TestAutomatedMicrodepositsVerifyOnTheClock(t *testing.T) {
	start := time.Date(2026, 4, 6, 15, 0, 0, 0, time.UTC)
	e := plaidtest.New(t, plaidtest.WithFrozenClock(start))
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109512", []string{"auth"}, map[string]any{"webhook": rv.URL, "override_username": "user_good", "override_password": "microdeposits_good"})
	e.Call("/auth/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCT_NOT_READY")
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	acct := plaidtest.Obj(accts[0])
	if acct["verification_status"] != "pending_automatic_verification" {
		t.Fatalf("a new AMD account: %v", acct)
	}
	set := func(at time.Time) {
		if r := e.Clock(map[string]any{"set": at.Format(time.RFC3339)}); r.Status != 200 {
			t.Fatalf("clock: %d %s", r.Status, r.Raw)
		}
	}
	set(start.Add(23 * time.Hour))
	e.Call("/auth/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCT_NOT_READY")
	set(start.Add(24 * time.Hour))
	auth := e.Call("/auth/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	if v := plaidtest.Obj(plaidtest.List(auth["accounts"])[0])["verification_status"]; v != "automatically_verified" {
		t.Fatalf("after a day: %v", v)
	}
	d := rv.WaitFor(t, "AUTOMATICALLY_VERIFIED")
	if d.Body["account_id"] != acct["account_id"] || d.Body["item_id"] != it.ItemID {
		t.Fatalf("webhook: %s", d.Raw)
	}
	set(start.Add(72 * time.Hour))
	n := 0
	for _, dl := range rv.Deliveries() {
		if dl.Code == "AUTOMATICALLY_VERIFIED" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d AUTOMATICALLY_VERIFIED webhooks", n)
	}
}
