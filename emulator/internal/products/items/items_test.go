package items_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func TestSandboxPublicTokenExchange(t *testing.T) {
	e := plaidtest.New(t)
	pt := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"}}).OK(t)["public_token"].(string)
	if !plaidtest.PublicPattern.MatchString(pt) {
		t.Fatalf("public_token %q", pt)
	}
	// Another client cannot exchange it, and trying does not consume it.
	e.CallAs("other", "secret", "/item/public_token/exchange", map[string]any{"public_token": pt}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN")
	ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt}).OK(t)
	if !plaidtest.AccessPattern.MatchString(ex["access_token"].(string)) || !plaidtest.IDPattern.MatchString(ex["item_id"].(string)) {
		t.Fatalf("exchange answered %v", ex)
	}
	// Single use.
	e.Call("/item/public_token/exchange", map[string]any{"public_token": pt}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN")
}

func TestPublicTokenExpiresAfter30Minutes(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	mk := func() string {
		return e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).OK(t)["public_token"].(string)
	}
	early, late := mk(), mk()
	e.Srv.Clock().Advance(29 * time.Minute)
	e.Call("/item/public_token/exchange", map[string]any{"public_token": early}).OK(t)
	e.Srv.Clock().Advance(time.Minute)
	e.Call("/item/public_token/exchange", map[string]any{"public_token": late}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN")
}

func TestProductsNotSupported(t *testing.T) {
	e := plaidtest.New(t)
	// Houndstooth Bank has no investments; creating with them fails.
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109512", "initial_products": []string{"investments"}}).
		PlaidErr(t, 400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED")
	// Ins_133502 has no transactions; auth is fine, identity is added on use.
	it := e.Link("ins_133502", []string{"auth"}, nil)
	e.Call("/identity/get", map[string]any{"access_token": it.AccessToken}).OK(t)
}

func TestItemGetRemoveWebhookUpdate(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": "https://example.com/a"})
	g := e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)
	if plaidtest.Obj(g["item"])["webhook"] != "https://example.com/a" || plaidtest.Obj(g["item"])["created_at"] == nil {
		t.Fatalf("item/get = %v", g)
	}
	up := e.Call("/item/webhook/update", map[string]any{"access_token": it.AccessToken, "webhook": "https://example.com/b"}).OK(t)
	if plaidtest.Obj(up["item"])["webhook"] != "https://example.com/b" {
		t.Fatalf("webhook/update = %v", up)
	}
	if plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])["webhook"] != "https://example.com/b" {
		t.Fatal("webhook not stored")
	}
	// Another client's token is unknown to it, and it cannot remove it.
	e.CallAs("other", "x", "/item/remove", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/item/remove", map[string]any{"access_token": it.AccessToken, "reason_code": "OTHER"}).OK(t)
	e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}

func TestResetLogin(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth", "identity"}, nil)
	if got := e.Call("/sandbox/item/reset_login", map[string]any{"access_token": it.AccessToken}).OK(t); got["reset_login"] != true {
		t.Fatalf("reset_login = %v", got)
	}
	for _, p := range []string{"/accounts/get", "/accounts/balance/get", "/auth/get", "/identity/get"} {
		r := e.Call(p, map[string]any{"access_token": it.AccessToken}).PlaidErr(t, 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED")
		if r["display_message"] != nil {
			t.Fatalf("display_message = %v", r["display_message"])
		}
	}
	itm := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])
	if plaidtest.Obj(itm["error"])["error_code"] != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("item.error = %v", itm["error"])
	}
}
