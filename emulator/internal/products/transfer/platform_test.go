package transfer_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestTransferForPlatforms: a platform's originators move through their
// onboarding statuses (Sandbox's magic ids keep theirs), each has its own
// Ledger that /transfer/ledger/distribute funds from the platform's, and
// an originator's transfers move its Ledger, not the platform's; an
// unknown or unapproved originator is refused with Plaid's error.
func TestTransferForPlatforms(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	status := func(id any) any {
		return plaidtest.Obj(e.Call("/transfer/originator/get", map[string]any{"originator_client_id": id}).OK(t)["originator"])["transfer_diligence_status"]
	}
	for id, want := range map[string]string{"111111111111111111111111": "approved", "222222222222222222222222": "denied",
		"333333333333333333333333": "under_review", "444444444444444444444444": "more_information_required"} {
		if got := status(id); got != want {
			t.Fatalf("magic originator %s is %v, want %s", id, got, want)
		}
	}
	e.Call("/transfer/originator/get", map[string]any{"originator_client_id": "999999999999999999999999"}).PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_ORIGINATOR_NOT_FOUND")

	made := e.Call("/transfer/originator/create", map[string]any{"company_name": "Acme Rentals"}).OK(t)
	orig := made["originator_client_id"].(string)
	if len(orig) != 24 || made["company_name"] != "Acme Rentals" || status(orig) != "not_submitted" {
		t.Fatalf("a new originator: %v, status %v", made, status(orig))
	}
	authorize := func(typ, amount, originator string) plaidtest.Result {
		return e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": typ,
			"network": "ach", "ach_class": "ppd", "amount": amount, "user": map[string]any{"legal_name": "A B"}, "originator_client_id": originator})
	}
	authorize("debit", "5.00", orig).PlaidErr(t, 400, "TRANSFER_ERROR", "INCOMPLETE_CUSTOMER_ONBOARDING")
	q := e.Call("/transfer/questionnaire/create", map[string]any{"originator_client_id": orig, "redirect_uri": "https://example.com/done"}).OK(t)
	if q["onboarding_url"] != "https://example.com/done?originator_client_id="+orig {
		t.Fatalf("onboarding_url %v", q["onboarding_url"])
	}
	e.Call("/transfer/originator/funding_account/create", map[string]any{"originator_client_id": orig,
		"funding_account": map[string]any{"access_token": it.AccessToken, "account_id": acct, "display_name": "Operating"}}).OK(t)
	e.Call("/transfer/originator/funding_account/update", map[string]any{"originator_client_id": orig,
		"funding_account": map[string]any{"access_token": it.AccessToken, "account_id": acct}}).OK(t)
	e.Call("/transfer/diligence/submit", map[string]any{"originator_client_id": orig, "originator_diligence": map[string]any{
		"dba": "Acme", "tax_id": "12-3456789", "website": "https://example.com", "naics_code": "531110",
		"address":         map[string]any{"city": "SF", "country_code": "US", "postal_code": "94103", "region": "CA", "street": "1 Main St"},
		"funding_account": map[string]any{"access_token": it.AccessToken, "account_id": acct}}}).OK(t)
	if got := status(orig); got != "approved" {
		t.Fatalf("after diligence the originator is %v", got)
	}
	// Platform onboarding: any id, approved at once, with its webhook.
	other := "abcdefabcdefabcdefabcdef"
	e.Call("/transfer/platform/originator/create", map[string]any{"originator_client_id": other, "originator_reviewed_at": "2026-06-01T00:00:00Z",
		"webhook": rv.URL, "tos_acceptance_metadata": map[string]any{"agreement_accepted": true, "originator_ip_address": "127.0.0.1", "agreement_accepted_at": "2026-06-01T00:00:00Z"}}).OK(t)
	if d := rv.WaitFor(t, "PLATFORM_ONBOARDING_UPDATE"); d.Body["originator_client_id"] != other || status(other) != "approved" {
		t.Fatalf("onboarding webhook %v, status %v", d.Body, status(other))
	}
	if p := e.Call("/transfer/platform/person/create", map[string]any{"originator_client_id": other, "email_address": "a@example.com"}).OK(t); p["person_id"] == "" {
		t.Fatal("no person_id")
	}
	e.Call("/transfer/platform/requirement/submit", map[string]any{"originator_client_id": other,
		"requirement_submissions": []any{map[string]any{"requirement_type": "BUSINESS_NAME", "value": "Acme"}}}).OK(t)
	if n := len(plaidtest.List(e.Call("/transfer/originator/list", map[string]any{}).OK(t)["originators"])); n != 6 {
		t.Fatalf("%d originators listed, want 6 (two made, four magic looked up)", n)
	}

	// Each originator has its own Ledger, funded by distribution.
	ledger := func(originator string) map[string]any {
		body := map[string]any{}
		if originator != "" {
			body["originator_client_id"] = originator
		}
		return e.Call("/transfer/ledger/get", body).OK(t)
	}
	platform, mine := ledger(""), ledger(orig)
	if plaidtest.Obj(mine["balance"])["available"] != "0.00" || mine["ledger_id"] == platform["ledger_id"] {
		t.Fatalf("the originator's Ledger: %v (platform's %v)", mine, platform["ledger_id"])
	}
	authorize("credit", "30.00", orig).OK(t) // declined NSF: nothing to pay with yet
	if au := plaidtest.Obj(authorize("credit", "30.00", orig).Body["authorization"]); plaidtest.Obj(au["decision_rationale"])["code"] != "NSF" {
		t.Fatalf("a credit from an empty originator Ledger: %v", au)
	}
	distribute := func(from, to any, amount, key string) plaidtest.Result {
		return e.Call("/transfer/ledger/distribute", map[string]any{"from_ledger_id": from, "to_ledger_id": to, "amount": amount, "idempotency_key": key})
	}
	distribute(platform["ledger_id"], mine["ledger_id"], "60.00", "d1").OK(t)
	distribute(platform["ledger_id"], mine["ledger_id"], "60.00", "d1").OK(t) // the same key: once
	distribute(platform["ledger_id"], mine["ledger_id"], "1000.00", "d2").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	distribute(platform["ledger_id"], platform["ledger_id"], "1.00", "d3").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	distribute(platform["ledger_id"], "not-a-ledger", "1.00", "d4").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	if p, m := plaidtest.Obj(ledger("")["balance"])["available"], plaidtest.Obj(ledger(orig)["balance"])["available"]; p != "40.00" || m != "60.00" {
		t.Fatalf("after distributing $60: platform %v, originator %v", p, m)
	}
	au := plaidtest.Obj(authorize("credit", "30.00", orig).OK(t)["authorization"])
	if au["decision"] != "approved" || plaidtest.Obj(au["proposed_transfer"])["originator_client_id"] != orig {
		t.Fatalf("a credit from the funded originator: %v", au)
	}
	tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "authorization_id": au["id"], "description": "payout"}).OK(t)["transfer"])
	if tr["originator_client_id"] != orig {
		t.Fatalf("the transfer's originator_client_id: %v", tr["originator_client_id"])
	}
	if p, m := plaidtest.Obj(ledger("")["balance"])["available"], plaidtest.Obj(ledger(orig)["balance"])["available"]; p != "40.00" || m != "30.00" {
		t.Fatalf("after the originator's $30 credit: platform %v, originator %v", p, m)
	}
	evs := plaidtest.List(e.Call("/transfer/ledger/event/list", map[string]any{"originator_client_id": orig}).OK(t)["ledger_events"])
	if len(evs) != 2 || plaidtest.Obj(evs[0])["type"] != "transfer" || plaidtest.Obj(evs[1])["type"] != "distribution" || plaidtest.Obj(evs[1])["ledger_id"] != mine["ledger_id"] {
		t.Fatalf("the originator's Ledger history: %v", evs)
	}
}
