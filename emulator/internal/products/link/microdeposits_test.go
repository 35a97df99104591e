package link_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// sameDayItem links typed numbers through /_emulator/link/numbers and
// exchanges the public token: the onSuccess answer and the access token.
func sameDayItem(t *testing.T, e *plaidtest.Env) (map[string]any, string) {
	t.Helper()
	lt := e.LinkToken(map[string]any{"products": []string{"auth"}, "auth": map[string]any{"same_day_microdeposits_enabled": true}})
	if s := e.Do("GET", "/_emulator/link/session?link_token="+lt, nil, nil).OK(t); s["manual_entry"] != true {
		t.Fatalf("session: %v", s)
	}
	r := e.Do("POST", "/_emulator/link/numbers", jsonHeader, map[string]any{"link_token": lt, "routing_number": "110000000",
		"account_number": "1111222233330000", "legal_name": "Alberta Charleson", "account_type": "checking"}).OK(t)
	ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": r["public_token"]}).OK(t)
	return r, ex["access_token"].(string)
}

// verify enters the micro-deposits in update-mode Link.
func verify(e *plaidtest.Env, lt string, body map[string]any) plaidtest.Result {
	body["link_token"] = lt
	return e.Do("POST", "/_emulator/link/verify", jsonHeader, body)
}

// TestSameDayMicrodeposits: typed numbers make an Item with no
// institution (null in onSuccess and /item/get), auth_method
// SAME_DAY_MICRODEPOSITS and one account pending_manual_verification,
// for which Auth is PRODUCT_NOT_READY. In update mode the page is told to
// ask for the deposits; two wrong entries (amounts, then a code) are
// INCORRECT_DEPOSIT_VERIFICATION with the tries left; the right amounts
// verify it (manually_verified in onSuccess and Auth, with the typed
// numbers), and the access token is unchanged.
func TestSameDayMicrodeposits(t *testing.T) {
	e := plaidtest.New(t)
	r, at := sameDayItem(t, e)
	md := plaidtest.Obj(r["metadata"])
	acct := plaidtest.Obj(plaidtest.List(md["accounts"])[0])
	if md["institution"] != nil || acct["verification_status"] != "pending_manual_verification" || acct["mask"] != "0000" || len(plaidtest.List(md["accounts"])) != 1 {
		t.Fatalf("onSuccess metadata: %v", md)
	}
	item := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": at}).OK(t)["item"])
	if item["institution_id"] != nil || item["institution_name"] != nil || item["auth_method"] != "SAME_DAY_MICRODEPOSITS" {
		t.Fatalf("item: %v", item)
	}
	e.Call("/auth/get", map[string]any{"access_token": at}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCT_NOT_READY")

	lt := e.LinkToken(map[string]any{"access_token": at})
	if s := e.Do("GET", "/_emulator/link/session?link_token="+lt, nil, nil).OK(t); plaidtest.Obj(s["verify_deposits"])["mask"] != "0000" {
		t.Fatalf("update-mode session: %v", s)
	}
	wrong := verify(e, lt, map[string]any{"amounts": []string{"0.05", "0.02"}})
	wrong.PlaidErr(t, 400, "INVALID_INPUT", "INCORRECT_DEPOSIT_VERIFICATION")
	if !strings.Contains(wrong.Body["error_message"].(string), "2 tries are left") {
		t.Fatalf("the first wrong try: %s", wrong.Raw)
	}
	verify(e, lt, map[string]any{"code": "XYZ"}).PlaidErr(t, 400, "INVALID_INPUT", "INCORRECT_DEPOSIT_VERIFICATION")
	ok := verify(e, lt, map[string]any{"amounts": []string{"$0.02", "0.01"}}).OK(t)
	if v := plaidtest.Obj(plaidtest.List(plaidtest.Obj(ok["metadata"])["accounts"])[0])["verification_status"]; v != "manually_verified" {
		t.Fatalf("verified onSuccess: %v", ok)
	}
	auth := e.Call("/auth/get", map[string]any{"access_token": at}).OK(t)
	ach := plaidtest.Obj(plaidtest.List(plaidtest.Obj(auth["numbers"])["ach"])[0])
	if ach["routing"] != "110000000" || ach["account"] != "1111222233330000" {
		t.Fatalf("numbers: %v", ach)
	}
	verify(e, lt, map[string]any{"code": "ABC"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD") // nothing left to verify
}

// TestSameDayMicrodepositsLock: the third wrong entry locks the account
// (verification_failed, TOO_MANY_VERIFICATION_ATTEMPTS, and so for the
// right one after); Auth stays PRODUCT_NOT_READY. The code is taken in
// any case. Tokens without same-day micro-deposits, or with products they
// cannot link, refuse typed numbers.
func TestSameDayMicrodepositsLock(t *testing.T) {
	e := plaidtest.New(t)
	_, at := sameDayItem(t, e)
	lt := e.LinkToken(map[string]any{"access_token": at})
	verify(e, lt, map[string]any{"code": "ABD"}).PlaidErr(t, 400, "INVALID_INPUT", "INCORRECT_DEPOSIT_VERIFICATION")
	verify(e, lt, map[string]any{"code": "ABD"}).PlaidErr(t, 400, "INVALID_INPUT", "INCORRECT_DEPOSIT_VERIFICATION")
	verify(e, lt, map[string]any{"code": "ABD"}).PlaidErr(t, 400, "INVALID_INPUT", "TOO_MANY_VERIFICATION_ATTEMPTS")
	verify(e, lt, map[string]any{"code": "ABC"}).PlaidErr(t, 400, "INVALID_INPUT", "TOO_MANY_VERIFICATION_ATTEMPTS")
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": at}).OK(t)["accounts"])
	if v := plaidtest.Obj(accts[0])["verification_status"]; v != "verification_failed" {
		t.Fatalf("after three wrong tries: %v", v)
	}
	e.Call("/auth/get", map[string]any{"access_token": at}).PlaidErr(t, 400, "ITEM_ERROR", "PRODUCT_NOT_READY")

	_, at2 := sameDayItem(t, e)
	verify(e, e.LinkToken(map[string]any{"access_token": at2}), map[string]any{"code": " abc "}).OK(t)
	verify(e, e.LinkToken(map[string]any{"access_token": at2}), map[string]any{}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")

	body := func(lt string) map[string]any {
		return map[string]any{"link_token": lt, "routing_number": "110000000", "account_number": "1111222233330000", "legal_name": "A B", "account_type": "checking"}
	}
	plain := e.LinkToken(map[string]any{"products": []string{"auth"}})
	e.Do("POST", "/_emulator/link/numbers", jsonHeader, body(plain)).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	tx := e.LinkToken(map[string]any{"products": []string{"auth", "transactions"}, "auth": map[string]any{"same_day_microdeposits_enabled": true}})
	e.Do("POST", "/_emulator/link/numbers", jsonHeader, body(tx)).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PRODUCT")
	sd := e.LinkToken(map[string]any{"products": []string{"auth"}, "auth": map[string]any{"same_day_microdeposits_enabled": true}})
	bad := body(sd)
	bad["routing_number"] = "12345"
	e.Do("POST", "/_emulator/link/numbers", jsonHeader, bad).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestDatabaseAuthInLink: typed numbers under Database Insights get the
// database's answer at once (…3333: pass with caution, DATABASE_INSIGHTS,
// Auth answers); under Database Match, John Smith's Sandbox numbers are
// database_matched, others fall back to same-day micro-deposits when
// those are enabled, and are refused when not.
func TestDatabaseAuthInLink(t *testing.T) {
	e := plaidtest.New(t)
	numbers := func(auth map[string]any, account, name string) plaidtest.Result {
		lt := e.LinkToken(map[string]any{"products": []string{"auth"}, "auth": auth})
		return e.Do("POST", "/_emulator/link/numbers", jsonHeader, map[string]any{"link_token": lt, "routing_number": "110000000",
			"account_number": account, "legal_name": name, "account_type": "savings"})
	}
	status := func(r map[string]any) (string, string) {
		at := e.Call("/item/public_token/exchange", map[string]any{"public_token": r["public_token"]}).OK(t)["access_token"]
		item := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": at}).OK(t)["item"])
		return plaidtest.Obj(plaidtest.List(plaidtest.Obj(r["metadata"])["accounts"])[0])["verification_status"].(string), item["auth_method"].(string)
	}
	r := numbers(map[string]any{"database_insights_enabled": true}, "1111222233333333", "Jane Doe").OK(t)
	if v, m := status(r); v != "database_insights_pass_with_caution" || m != "DATABASE_INSIGHTS" {
		t.Fatalf("insights: %s %s", v, m)
	}
	both := map[string]any{"database_match_enabled": true, "same_day_microdeposits_enabled": true}
	if v, m := status(numbers(both, "1111222233331111", "John Smith").OK(t)); v != "database_matched" || m != "DATABASE_MATCH" {
		t.Fatalf("match: %s %s", v, m)
	}
	if v, m := status(numbers(both, "1111222233331111", "Jane Doe").OK(t)); v != "pending_manual_verification" || m != "SAME_DAY_MICRODEPOSITS" {
		t.Fatalf("fallback: %s %s", v, m)
	}
	numbers(map[string]any{"database_match_enabled": true}, "1111222233330000", "Jane Doe").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestInstantMicrodeposits: with auth.instant_microdeposits_enabled,
// Windowpane Bank's routing number (333333334) sends the deposit at once:
// typed numbers answer verify_now (no public token yet) and the same
// session verifies it (the code ABC), giving an Item at Windowpane,
// INSTANT_MICRODEPOSITS, manually_verified; another session cannot.
func TestInstantMicrodeposits(t *testing.T) {
	e := plaidtest.New(t)
	lt := e.LinkToken(map[string]any{"products": []string{"auth"}, "auth": map[string]any{"instant_microdeposits_enabled": true}})
	r := e.Do("POST", "/_emulator/link/numbers", jsonHeader, map[string]any{"link_token": lt, "routing_number": "333333334",
		"account_number": "1111222233330000", "legal_name": "A B", "account_type": "checking", "link_session_id": "imd-1"}).OK(t)
	if r["verify_now"] != true || r["link_session_id"] != "imd-1" || r["public_token"] != nil {
		t.Fatalf("instant numbers: %v", r)
	}
	verify(e, lt, map[string]any{"code": "ABC", "link_session_id": "other"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	verify(e, lt, map[string]any{"code": "ABD", "link_session_id": "imd-1"}).PlaidErr(t, 400, "INVALID_INPUT", "INCORRECT_DEPOSIT_VERIFICATION")
	ok := verify(e, lt, map[string]any{"code": "abc", "link_session_id": "imd-1"}).OK(t)
	md := plaidtest.Obj(ok["metadata"])
	if plaidtest.Obj(md["institution"])["institution_id"] != "ins_135858" || plaidtest.Obj(plaidtest.List(md["accounts"])[0])["verification_status"] != "manually_verified" {
		t.Fatalf("verified: %v", md)
	}
	at := e.Call("/item/public_token/exchange", map[string]any{"public_token": ok["public_token"]}).OK(t)["access_token"]
	if m := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": at}).OK(t)["item"])["auth_method"]; m != "INSTANT_MICRODEPOSITS" {
		t.Fatalf("auth_method %v", m)
	}
	e.Call("/auth/get", map[string]any{"access_token": at}).OK(t)
}
