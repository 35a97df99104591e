package link_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func TestLinkTokenCreateAndGet(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	e := plaidtest.New(t, plaidtest.WithFrozenClock(start))
	body := map[string]any{
		"client_name": "Acme", "language": "en", "country_codes": []string{"US"},
		"user": map[string]any{"client_user_id": "u-1"}, "products": []string{"auth", "transactions"},
		"webhook": "https://example.com/hook", "account_filters": map[string]any{"depository": map[string]any{"account_subtypes": []string{"checking"}}},
	}
	got := e.Call("/link/token/create", body).OK(t)
	tok := got["link_token"].(string)
	if !plaidtest.LinkPattern.MatchString(tok) {
		t.Fatalf("link_token %q is not link-sandbox-<uuid>", tok)
	}
	if got["expiration"] != "2026-01-02T07:04:05Z" {
		t.Fatalf("expiration = %v, want 4 h after the clock", got["expiration"])
	}
	g := e.Call("/link/token/get", map[string]any{"link_token": tok}).OK(t)
	md := plaidtest.Obj(g["metadata"])
	if g["link_token"] != tok || g["created_at"] != "2026-01-02T03:04:05Z" || md["webhook"] != "https://example.com/hook" ||
		md["client_name"] != "Acme" || len(plaidtest.List(md["initial_products"])) != 2 || md["redirect_uri"] != nil || md["account_filters"] == nil {
		t.Fatalf("link/token/get does not echo the configuration: %s", e.Call("/link/token/get", map[string]any{"link_token": tok}).Raw)
	}
	if len(plaidtest.List(g["link_sessions"])) != 0 {
		t.Fatalf("a fresh link token has sessions: %v", g["link_sessions"])
	}
	// Another client cannot read it.
	e.CallAs("other", "secret", "/link/token/get", map[string]any{"link_token": tok}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_LINK_TOKEN")
}

func TestLinkTokenCreateRules(t *testing.T) {
	e := plaidtest.New(t)
	base := func() map[string]any {
		return map[string]any{"client_name": "Acme", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u-1"}, "products": []string{"auth"}}
	}
	b := base()
	b["products"] = []string{"balance"}
	e.Call("/link/token/create", b).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PRODUCT")
	b = base()
	delete(b, "products")
	if r := e.Call("/link/token/create", b).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS"); r["error_message"] != "the following required fields are missing: products" {
		t.Fatalf("message = %v", r["error_message"])
	}
	b = base()
	b["access_token"] = "access-sandbox-00000000-0000-4000-8000-000000000000"
	delete(b, "products")
	e.Call("/link/token/create", b).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	b = base()
	b["client_name"] = "a name that is much longer than thirty characters"
	e.Call("/link/token/create", b).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	// Update mode: 30 minutes, no products needed.
	it := e.Link("ins_109508", []string{"auth"}, nil)
	b = base()
	delete(b, "products")
	b["access_token"] = it.AccessToken
	got := e.Call("/link/token/create", b).OK(t)
	exp, _ := time.Parse(time.RFC3339, got["expiration"].(string))
	if d := time.Until(exp); d > 31*time.Minute || d < 29*time.Minute {
		t.Fatalf("update-mode link token lives %v, want 30m", d)
	}
}
