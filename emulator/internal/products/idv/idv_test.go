package idv_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// setup is an emulator whose test client's Dashboard sends IDV webhooks to
// a receiver, with two templates: data source only, and the full default.
func setup(t *testing.T) (*plaidtest.Env, *plaidtest.Receiver) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	r := e.Do("POST", "/_emulator/fixtures", jsonHeader, map[string]any{
		"clients": []any{map[string]any{"client_id": plaidtest.ClientID, "secret": plaidtest.Secret, "dashboard_webhook": rv.URL},
			map[string]any{"client_id": "other", "secret": "x"}},
		"idv_templates": []any{map[string]any{"id": "idvtmp_datasource01", "steps": map[string]any{"kyc_check": "true"}},
			map[string]any{"id": "idvtmp_standard0001"},
			map[string]any{"id": "idvtmp_screening01", "steps": map[string]any{"risk_check": "true"}, "watchlist_program": "prg_sandbox_default"}}})
	if r.Status != 200 {
		t.Fatalf("fixtures: %d %s", r.Status, r.Raw)
	}
	return e, rv
}

func leslie() map[string]any {
	return map[string]any{"phone_number": "+12345678909", "date_of_birth": "1975-01-18", "email_address": "leslie@example.com",
		"name":      map[string]any{"given_name": "Leslie", "family_name": "Knope"},
		"address":   map[string]any{"street": "123 Main St.", "city": "Pawnee", "region": "IN", "postal_code": "46001", "country": "US"},
		"id_number": map[string]any{"value": "123-45-6789", "type": "us_ssn"}}
}

// TestBackendOnlyFlow: a data-source-only template, the person given on
// create with consent: the KYC check runs at once, Leslie passes with
// every field a match (STEP_UPDATED then STATUS_UPDATED), a wrong birth
// date fails the date field and the session; a second create for the same
// user and template is refused unless is_idempotent.
func TestBackendOnlyFlow(t *testing.T) {
	e, rv := setup(t)
	body := func(cuid string, user map[string]any) map[string]any {
		return map[string]any{"client_user_id": cuid, "template_id": "idvtmp_datasource01", "gave_consent": true, "is_shareable": false, "user": user}
	}
	s := e.Call("/identity_verification/create", body("leslie-1", leslie())).OK(t)
	if s["status"] != "success" || plaidtest.Obj(s["steps"])["kyc_check"] != "success" || plaidtest.Obj(s["steps"])["accept_tos"] != "not_applicable" {
		t.Fatalf("Leslie, data source only: %v %v", s["status"], s["steps"])
	}
	kyc := plaidtest.Obj(s["kyc_check"])
	for _, f := range []string{"address", "name", "date_of_birth", "id_number", "phone_number"} {
		if plaidtest.Obj(kyc[f])["summary"] != "match" {
			t.Fatalf("%s: %v", f, kyc[f])
		}
	}
	hooks := rv.WaitForN(t, "STATUS_UPDATED", 1)
	if hooks[0].Body["identity_verification_id"] != s["id"] || len(rv.WaitForN(t, "STEP_UPDATED", 1)) != 1 {
		t.Fatalf("webhooks: %v", hooks[0].Body)
	}
	wrong := leslie()
	wrong["date_of_birth"] = "1980-02-02"
	f := e.Call("/identity_verification/create", body("leslie-2", wrong)).OK(t)
	if f["status"] != "failed" || plaidtest.Obj(plaidtest.Obj(f["kyc_check"])["date_of_birth"])["summary"] != "no_match" ||
		plaidtest.Obj(plaidtest.Obj(f["kyc_check"])["name"])["summary"] != "match" {
		t.Fatalf("a wrong birth date: %v %v", f["status"], f["kyc_check"])
	}
	e.Call("/identity_verification/create", body("leslie-1", leslie())).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	again := body("leslie-1", leslie())
	again["is_idempotent"] = true
	if got := e.Call("/identity_verification/create", again).OK(t); got["id"] != s["id"] {
		t.Fatalf("is_idempotent gives the same session: %v", got["id"])
	}
	got := e.Call("/identity_verification/get", map[string]any{"identity_verification_id": s["id"]}).OK(t)
	if got["completed_at"] == nil || got["template"].(map[string]any)["id"] != "idvtmp_datasource01" {
		t.Fatalf("get: %v", got)
	}
	e.CallAs("other", "x", "/identity_verification/get", map[string]any{"identity_verification_id": s["id"]}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	bad := leslie()
	bad["phone_number"] = "234-567-8909"
	e.Call("/identity_verification/create", body("leslie-3", bad)).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/identity_verification/create", map[string]any{"client_user_id": "x", "template_id": "nope", "gave_consent": true, "is_shareable": false}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestStepsHeadless: the full template through the admin API's headless
// completion, as Link would: terms, the SMS code (a wrong one first), the
// personal details, then Ben Wyatt passes the data source and no
// document is needed; Leslie with a wrong name fails the data source and
// her document three times (the fallback), and the session fails; a retry
// (incomplete) starts a new attempt at the failed step, RETRIED sent.
func TestStepsHeadless(t *testing.T) {
	e, rv := setup(t)
	create := func(cuid string) string {
		return e.Call("/identity_verification/create", map[string]any{"client_user_id": cuid, "template_id": "idvtmp_standard0001",
			"gave_consent": false, "is_shareable": true}).OK(t)["id"].(string)
	}
	complete := func(body map[string]any) map[string]any {
		r := e.Do("POST", "/_emulator/idv/complete", jsonHeader, body)
		if r.Status != 200 {
			t.Fatalf("complete: %d %s", r.Status, r.Raw)
		}
		return r.Body
	}
	ben := create("ben")
	s := complete(map[string]any{"identity_verification_id": ben, "consent": true, "phone_number": "+16667778888", "sms_codes": []string{"22222"}})
	if st := plaidtest.Obj(s["steps"]); st["accept_tos"] != "success" || st["verify_sms"] != "active" || s["shareable_url"] == nil {
		t.Fatalf("after a wrong code: %v", s)
	}
	s = complete(map[string]any{"identity_verification_id": ben, "sms_codes": []string{"11111"}, "user": map[string]any{
		"given_name": "Ben", "family_name": "Wyatt", "date_of_birth": "1974-03-09",
		"address":   map[string]any{"street": "620 Worster Ave Apt 101", "city": "Sherman Oaks", "region": "CA", "postal_code": "91423", "country": "US"},
		"id_number": map[string]any{"value": "111223333", "type": "us_ssn"}}})
	st := plaidtest.Obj(s["steps"])
	if s["status"] != "success" || st["verify_sms"] != "success" || st["kyc_check"] != "success" || st["documentary_verification"] != "not_applicable" ||
		st["selfie_check"] != "not_applicable" || st["risk_check"] != "success" {
		t.Fatalf("Ben Wyatt: %v %v", s["status"], st)
	}
	if sms := plaidtest.List(plaidtest.Obj(s["verify_sms"])["verifications"]); plaidtest.Obj(sms[0])["solve_attempt_count"] != 2.0 {
		t.Fatalf("two code entries: %v", sms)
	}

	les := create("leslie-doc")
	s = complete(map[string]any{"identity_verification_id": les, "consent": true, "phone_number": "+12345678909", "sms_codes": []string{"11111"},
		"user": map[string]any{"given_name": "Lesley", "family_name": "Nope", "date_of_birth": "1975-01-18",
			"address": map[string]any{"street": "1 Elm St", "city": "Eagleton", "region": "IN", "postal_code": "46002", "country": "US"}},
		"documents": 2})
	st = plaidtest.Obj(s["steps"])
	if st["kyc_check"] != "failed" || st["documentary_verification"] != "active" || s["status"] != "active" {
		t.Fatalf("the fallback opens after a failed data source: %v %v", s["status"], st)
	}
	s = complete(map[string]any{"identity_verification_id": les, "documents": 1})
	docs := plaidtest.List(plaidtest.Obj(s["documentary_verification"])["documents"])
	if s["status"] != "failed" || len(docs) != 3 || plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(docs[2])["analysis"])["extracted_data"])["name"] != "no_match" {
		t.Fatalf("three failed documents fail the session: %v, %d documents", s["status"], len(docs))
	}
	retry := e.Call("/identity_verification/retry", map[string]any{"client_user_id": "leslie-doc", "template_id": "idvtmp_standard0001", "strategy": "incomplete"}).OK(t)
	rst := plaidtest.Obj(retry["steps"])
	if retry["previous_attempt_id"] != les || retry["status"] != "active" || rst["verify_sms"] != "skipped" || rst["accept_tos"] != "skipped" || rst["kyc_check"] != "active" {
		t.Fatalf("retry incomplete: %v", retry)
	}
	if w := rv.WaitFor(t, "RETRIED"); w.Body["identity_verification_id"] != retry["id"] {
		t.Fatalf("RETRIED: %v", w.Body)
	}
	list := e.Call("/identity_verification/list", map[string]any{"client_user_id": "leslie-doc", "template_id": "idvtmp_standard0001"}).OK(t)
	if ids := plaidtest.List(list["identity_verifications"]); len(ids) != 2 || plaidtest.Obj(ids[0])["id"] != retry["id"] {
		t.Fatalf("list, newest first: %v", ids)
	}
	e.Call("/identity_verification/retry", map[string]any{"client_user_id": "leslie-doc", "template_id": "idvtmp_standard0001", "strategy": "reset",
		"steps": map[string]any{"verify_sms": true, "kyc_check": true, "documentary_verification": true, "selfie_check": false}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	fill := e.Call("/identity_verification/autofill/create", map[string]any{"identity_verification_id": ben}).OK(t)
	if fill["status"] != "success" || plaidtest.Obj(plaidtest.Obj(fill["user"])["name"])["family_name"] != "Wyatt" {
		t.Fatalf("autofill: %v", fill)
	}
}

// TestScreeningStep: a template that screens sends the person to Monitor
// when the other checks pass: a documented sanctioned name hits, the step
// and the session await review with the screening's id; the reviewer
// clearing the screening passes them (STATUS_UPDATED on the next read).
func TestScreeningStep(t *testing.T) {
	e, rv := setup(t)
	s := e.Call("/identity_verification/create", map[string]any{"client_user_id": "kony", "template_id": "idvtmp_screening01", "gave_consent": true,
		"is_shareable": false, "user": map[string]any{"name": map[string]any{"given_name": "Joseph", "family_name": "Kony"}, "date_of_birth": "1964-09-18",
			"address": map[string]any{"street": "1 Main St", "city": "Bangui", "country": "CF"}}}).OK(t)
	scr, _ := s["watchlist_screening_id"].(string)
	if s["status"] != "pending_review" || plaidtest.Obj(s["steps"])["watchlist_screening"] != "pending_review" || scr == "" {
		t.Fatalf("a sanctioned name: %v %v %v", s["status"], s["steps"], scr)
	}
	got := e.Call("/watchlist_screening/individual/get", map[string]any{"watchlist_screening_id": scr}).OK(t)
	if plaidtest.Obj(got["audit_trail"])["source"] != "link" || got["client_user_id"] != "kony" {
		t.Fatalf("the IDV's screening: %v", got)
	}
	e.Call("/watchlist_screening/individual/update", map[string]any{"watchlist_screening_id": scr, "status": "cleared"}).OK(t)
	s = e.Call("/identity_verification/get", map[string]any{"identity_verification_id": s["id"]}).OK(t)
	if s["status"] != "success" || plaidtest.Obj(s["steps"])["watchlist_screening"] != "success" {
		t.Fatalf("after the screening is cleared: %v %v", s["status"], s["steps"])
	}
	if n := len(rv.WaitForN(t, "STATUS_UPDATED", 3)); n < 3 { // the session's pending_review and success, the screening's cleared
		t.Fatalf("%d STATUS_UPDATED", n)
	}
}

// TestIDVAdminList: the dashboard's list of sessions, newest first, by
// client and user; a client's reset removes its sessions only.
func TestIDVAdminList(t *testing.T) {
	e, _ := setup(t)
	for _, cuid := range []string{"a", "b"} {
		e.Call("/identity_verification/create", map[string]any{"client_user_id": cuid, "template_id": "idvtmp_standard0001", "gave_consent": false, "is_shareable": false}).OK(t)
	}
	e.CallAs("other", "x", "/identity_verification/create", map[string]any{"client_user_id": "c", "template_id": "idvtmp_standard0001", "gave_consent": false, "is_shareable": false}).OK(t)
	r := e.Do("GET", "/_emulator/idv?client_id="+plaidtest.ClientID, nil, nil)
	if r.Status != 200 || r.Body["total"] != 2.0 || plaidtest.Obj(plaidtest.List(r.Body["identity_verifications"])[0])["client_user_id"] != "b" {
		t.Fatalf("list: %d %s", r.Status, r.Raw)
	}
	if r := e.Do("POST", "/_emulator/reset", jsonHeader, map[string]any{"client_id": plaidtest.ClientID}); r.Status != 200 {
		t.Fatalf("reset: %s", r.Raw)
	}
	if r := e.Do("GET", "/_emulator/idv", nil, nil); r.Body["total"] != 1.0 {
		t.Fatalf("after the reset: %s", r.Raw)
	}
	if r := e.Do("GET", "/_emulator/idv?offset=-1", nil, nil); r.Status != 400 {
		t.Fatalf("a bad offset: %d", r.Status)
	}
}
