package idv_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestLinkToken: a link token for identity_verification opens the user's
// session for the template (the same one again while it lives, prefilled
// from the token's user); the page's answers run it through
// /_emulator/link/idv; identity_verification mixed with another product,
// or without a template, is refused as Plaid refuses it.
func TestLinkToken(t *testing.T) {
	e, _ := setup(t)
	token := func(body map[string]any) plaidtest.Result {
		b := map[string]any{"client_name": "IDV", "language": "en", "country_codes": []string{"US"}, "products": []string{"identity_verification"},
			"identity_verification": map[string]any{"template_id": "idvtmp_standard0001", "gave_consent": true},
			"user":                  map[string]any{"client_user_id": "linked", "phone_number": "+12345678909", "email_address": "leslie@example.com"}}
		for k, v := range body {
			b[k] = v
		}
		return e.Call("/link/token/create", b)
	}
	lt := token(nil).OK(t)["link_token"].(string)
	answer := func(answers any) map[string]any {
		other := e.Call("/link/token/create", map[string]any{"client_name": "IDV", "language": "en", "country_codes": []string{"US"},
			"products": []string{"identity_verification"}, "identity_verification": map[string]any{"template_id": "idvtmp_standard0001"},
			"user": map[string]any{"client_user_id": "headless"}}).OK(t)["link_token"]
		done := e.Do("POST", "/_emulator/link/complete", http.Header{"Content-Type": {"application/json"}}, map[string]any{"link_token": other})
		if done.Status != 200 || done.Body["public_token"] != nil || plaidtest.Obj(done.Body["identity_verification"])["status"] != "success" ||
			plaidtest.Obj(done.Body["metadata"])["link_session_id"] != plaidtest.Obj(done.Body["identity_verification"])["id"] {
			t.Fatalf("headless Link as Leslie Knope: %d %s", done.Status, done.Raw)
		}
		r := e.Do("POST", "/_emulator/link/idv", http.Header{"Content-Type": {"application/json"}}, map[string]any{"link_token": lt, "answers": answers})
		if r.Status != 200 {
			t.Fatalf("link idv: %d %s", r.Status, r.Raw)
		}
		return r.Body
	}
	s := answer(nil)
	if plaidtest.Obj(s["steps"])["accept_tos"] != "skipped" || plaidtest.Obj(s["user"])["phone_number"] != "+12345678909" || s["status"] != "active" {
		t.Fatalf("the session Link opens: %v", s)
	}
	s = answer(map[string]any{"sms_codes": []string{"11111"}})
	if plaidtest.Obj(s["steps"])["verify_sms"] != "success" {
		t.Fatalf("the code from the page: %v", s["steps"])
	}
	if again := token(nil).OK(t)["link_token"].(string); again == lt {
		t.Fatal("a new token")
	}
	list := e.Call("/identity_verification/list", map[string]any{"client_user_id": "linked", "template_id": "idvtmp_standard0001"}).OK(t)
	if n := len(plaidtest.List(list["identity_verifications"])); n != 1 {
		t.Fatalf("a second token resumes the session: %d sessions", n)
	}
	token(map[string]any{"products": []string{"identity_verification", "auth"}}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PRODUCT")
	token(map[string]any{"identity_verification": map[string]any{}}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	token(map[string]any{"identity_verification": map[string]any{"template_id": "nope"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	other := e.Call("/link/token/create", map[string]any{"client_name": "IDV", "language": "en", "country_codes": []string{"US"},
		"products": []string{"identity_verification"}, "identity_verification": map[string]any{"template_id": "idvtmp_standard0001"},
		"user": map[string]any{"client_user_id": "headless"}}).OK(t)["link_token"]
	done := e.Do("POST", "/_emulator/link/complete", http.Header{"Content-Type": {"application/json"}}, map[string]any{"link_token": other})
	if done.Status != 200 || done.Body["public_token"] != nil || plaidtest.Obj(done.Body["identity_verification"])["status"] != "success" ||
		plaidtest.Obj(done.Body["metadata"])["link_session_id"] != plaidtest.Obj(done.Body["identity_verification"])["id"] {
		t.Fatalf("headless Link as Leslie Knope: %d %s", done.Status, done.Raw)
	}
	r := e.Do("POST", "/_emulator/link/idv", http.Header{"Content-Type": {"application/json"}}, map[string]any{"link_token": "link-sandbox-nope"})
	if r.Status != 400 || r.Body["error_code"] != "INVALID_LINK_TOKEN" {
		t.Fatalf("an unknown token: %d %s", r.Status, r.Raw)
	}
}

// TestShareableURL: a shareable session's URL is the emulator's own page;
// with its key it opens Link on the session (a token made for it), with
// another key it is a 404.
func TestShareableURL(t *testing.T) {
	e, _ := setup(t)
	s := e.Call("/identity_verification/create", map[string]any{"client_user_id": "shared", "template_id": "idvtmp_standard0001", "gave_consent": true,
		"is_shareable": true}).OK(t)
	share, _ := s["shareable_url"].(string)
	u, err := url.Parse(share)
	if err != nil || !strings.HasPrefix(u.Path, "/_emulator/link/share/") || u.Query().Get("key") == "" {
		t.Fatalf("shareable_url %q", share)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(share)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc == nil || loc.Path != "/_emulator/link/ui" {
		t.Fatalf("share: %d %v", resp.StatusCode, resp.Header)
	}
	r := e.Do("POST", "/_emulator/link/idv", jsonHeader, map[string]any{"link_token": loc.Query().Get("link_token")})
	if r.Status != 200 || r.Body["id"] != s["id"] {
		t.Fatalf("the shared token opens the session: %d %s", r.Status, r.Raw)
	}
	q := u.Query()
	q.Set("key", "wrong")
	u.RawQuery = q.Encode()
	if resp, err := noRedirect.Get(u.String()); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another key: %v %v", resp, err)
	}
}
