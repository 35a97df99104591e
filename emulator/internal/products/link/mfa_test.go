package link_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestLinkMFARounds: the Link page's login step asks MFA round by round
// (a wrong or partial answer is INVALID_MFA), a user_custom "mfa" asks
// the same, and headless Link still takes every answer at once.
func TestLinkMFARounds(t *testing.T) {
	e := plaidtest.New(t)
	lt := e.LinkToken(map[string]any{"products": []string{"auth"}})
	step := func(user, password string, answers ...string) plaidtest.Result {
		return e.Do(http.MethodPost, "/_emulator/link/accounts", http.Header{"Content-Type": {"application/json"}},
			map[string]any{"link_token": lt, "institution_id": "ins_109511", "username": user, "password": password, "mfa_answers": answers})
	}
	r := step("user_good", "mfa_questions_2_1").OK(t)
	mfa := plaidtest.Obj(r["mfa"])
	if mfa["type"] != "questions" || mfa["round"] != 1.0 || mfa["rounds"] != 2.0 || len(plaidtest.List(mfa["questions"])) != 1 || len(plaidtest.List(r["accounts"])) != 0 {
		t.Fatalf("first round: %v", r)
	}
	if q := plaidtest.Obj(plaidtest.List(mfa["questions"])[0]); q["hint"] != "answer_0_0" || q["prompt"] == "" {
		t.Fatalf("question %v", q)
	}
	if m := plaidtest.Obj(step("user_good", "mfa_questions_2_1", "answer_0_0").OK(t)["mfa"]); m["round"] != 2.0 || plaidtest.Obj(plaidtest.List(m["questions"])[0])["hint"] != "answer_1_0" {
		t.Fatalf("second round: %v", m)
	}
	if r := step("user_good", "mfa_questions_2_1", "answer_0_0", "answer_1_0").OK(t); r["mfa"] != nil || len(plaidtest.List(r["accounts"])) == 0 {
		t.Fatalf("all answered: %v", r)
	}
	step("user_good", "mfa_questions_2_1", "answer_0_1").PlaidErr(t, 400, "ITEM_ERROR", "INVALID_MFA")
	step("user_good", "mfa_questions_2_1", "answer_0_0", "answer_1_0", "extra").PlaidErr(t, 400, "ITEM_ERROR", "INVALID_MFA")
	step("nobody", "mfa_device").PlaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS") // the login is checked before any question
	if m := plaidtest.Obj(step("user_good", "mfa_device").OK(t)["mfa"]); m["type"] != "code" || len(plaidtest.List(m["devices"])) == 0 {
		t.Fatalf("mfa_device: %v", m)
	}
	if m := plaidtest.Obj(step("user_good", "mfa_selections_1_1_3").OK(t)["mfa"]); len(plaidtest.List(plaidtest.Obj(plaidtest.List(m["questions"])[0])["options"])) != 3 {
		t.Fatalf("selections: %v", m)
	}
	custom := `{"override_accounts":[{"type":"depository","subtype":"checking","starting_balance":10}],"mfa":{"type":"selections","selection_rounds":2,"selections_per_question":4}}`
	m := plaidtest.Obj(step("user_custom", custom).OK(t)["mfa"])
	if m["type"] != "selections" || m["rounds"] != 2.0 || len(plaidtest.List(plaidtest.Obj(plaidtest.List(m["questions"])[0])["options"])) != 4 {
		t.Fatalf("user_custom mfa: %v", m)
	}
	if r := step("user_custom", custom, "answer_0_0_0", "answer_1_0_0").OK(t); len(plaidtest.List(r["accounts"])) != 1 {
		t.Fatalf("user_custom after its answers: %v", r)
	}
	// Headless Link: all at once, as before.
	e.CompleteLink(map[string]any{"link_token": lt, "password": "mfa_questions_2_1", "mfa_answers": []string{"answer_0_0"}}).PlaidErr(t, 400, "ITEM_ERROR", "INVALID_MFA")
	e.CompleteLink(map[string]any{"link_token": lt, "password": "mfa_questions_2_1", "mfa_answers": []string{"answer_0_0", "answer_1_0"}}).OK(t)
}

// TestLinkAccountSelectAndAuthMethod: a single-account token shares one
// account headlessly too, and an Item linked with auth reports
// INSTANT_AUTH where its bank names no other method.
func TestLinkAccountSelectAndAuthMethod(t *testing.T) {
	e := plaidtest.New(t)
	single := e.LinkToken(map[string]any{"products": []string{"auth"}, "link_customization_name": "account_select_single"})
	e.CompleteLink(map[string]any{"link_token": single, "account_ids": []string{"0000", "1111"}}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
	done := e.CompleteLink(map[string]any{"link_token": single}).OK(t)
	accts := plaidtest.List(plaidtest.Obj(done["metadata"])["accounts"])
	if len(accts) != 1 || plaidtest.Obj(accts[0])["class_type"] != nil {
		t.Fatalf("single-account token shared %v", accts)
	}
	if _, ok := plaidtest.Obj(accts[0])["class_type"]; !ok {
		t.Fatal("onSuccess accounts lack class_type")
	}
	sess := e.Do(http.MethodGet, "/_emulator/link/session?link_token="+single, http.Header{}, nil)
	if sess.Body["account_select"] != "single" {
		t.Fatalf("session: %s", sess.Raw)
	}
	it := e.Link("ins_109508", []string{"auth"}, nil)
	if got := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])["auth_method"]; got != "INSTANT_AUTH" {
		t.Fatalf("auth_method = %v", got)
	}
	tx := e.Link("ins_109508", []string{"transactions"}, nil)
	if got := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": tx.AccessToken}).OK(t)["item"])["auth_method"]; got != nil {
		t.Fatalf("an Item without auth has auth_method %v", got)
	}
}

// TestInstitutionLogos: a bank with no logo in its fixture gets its
// monogram, the same bytes in /institutions/get_by_id and on the page's
// logo URL; an unknown bank's logo is 404.
func TestInstitutionLogos(t *testing.T) {
	e := plaidtest.New(t)
	inst := plaidtest.Obj(e.Call("/institutions/get_by_id", map[string]any{"institution_id": "ins_109508", "country_codes": []string{"US"},
		"options": map[string]any{"include_optional_metadata": true}}).OK(t)["institution"])
	logo, _ := inst["logo"].(string)
	raw, err := base64.StdEncoding.DecodeString(logo)
	if err != nil || !bytes.HasPrefix(raw, []byte("\x89PNG")) {
		t.Fatalf("logo %q: %v", logo, err)
	}
	if plain := plaidtest.Obj(e.Call("/institutions/get_by_id", map[string]any{"institution_id": "ins_109508", "country_codes": []string{"US"}}).OK(t)["institution"]); plain["logo"] != nil {
		t.Fatal("logo without include_optional_metadata")
	}
	resp, err := e.Client.Get(e.URL + "/_emulator/link/logo/ins_109508.png")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(served, raw) {
		t.Fatalf("logo URL: %d %s, same bytes %v", resp.StatusCode, resp.Header.Get("Content-Type"), bytes.Equal(served, raw))
	}
	if resp, _ := e.Client.Get(e.URL + "/_emulator/link/logo/ins_nope.png"); resp == nil || resp.StatusCode != 404 {
		t.Fatal("an unknown bank's logo is not 404")
	}
}
