package emulator_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

const demoProfile = "5c1f2a8e-6b1d-4c39-9a51-0c3e8f7d2b10"

var uuidPattern = regexp.MustCompile(`^` + uuidPart)

func (e *env) program(method, path string, body any) result {
	e.tb.Helper()
	return e.do(method, path, http.Header{"Content-Type": {"application/json"}}, body)
}

// TestProgramAPIWalkThrough: link → item → update-mode link → PATCH, with
// is_login_required following the Item's state.
func TestProgramAPIWalkThrough(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.ProgramAPI = true })
	lt := e.program(http.MethodPost, "/plaid/links", map[string]any{"profile_id": demoProfile, "redirect_uri": "https://app.example/oauth"})
	if lt.status != 200 || !linkPattern.MatchString(lt.body["link_token"].(string)) {
		t.Fatalf("links: %d %s", lt.status, lt.raw)
	}
	// The customer goes through Link (headlessly) and picks checking and savings.
	done := e.completeLink(map[string]any{"link_token": lt.body["link_token"], "account_ids": []string{"0000", "1111"}}).ok(t)
	var ids []any
	for _, a := range list(obj(done["metadata"])["accounts"]) {
		ids = append(ids, obj(a)["id"])
	}
	item := e.program(http.MethodPost, "/plaid/items", map[string]any{"profile_id": demoProfile, "plaid_public_token": done["public_token"],
		"plaid_institution": map[string]any{"id": "ins_109508", "name": "First Platypus Bank"}, "plaid_account_ids": ids})
	if item.status != 200 || item.body["plaid_institution_name"] != "First Platypus Bank" {
		t.Fatalf("items: %d %s", item.status, item.raw)
	}
	bas := list(item.body["bank_accounts"])
	if len(bas) != 2 {
		t.Fatalf("bank accounts = %v", bas)
	}
	first := obj(bas[0])
	if !uuidPattern.MatchString(first["id"].(string)) || first["account_number_last_four"] != "0000" || first["routing_number"] != "011401533" ||
		first["type"] != "CHECKING" || first["status"] != "OPEN" || first["profile_id"] != demoProfile || obj(bas[1])["type"] != "SAVINGS" {
		t.Fatalf("bank account = %v / %v", first, bas[1])
	}
	got := e.program(http.MethodGet, "/plaid/accounts/"+first["id"].(string), nil)
	if got.status != 200 || obj(got.body["bank_account"])["id"] != first["id"] || got.body["plaid_item_id"] != item.body["plaid_item_id"] ||
		got.body["plaid_institution_name"] != "First Platypus Bank" {
		t.Fatalf("account: %d %s", got.status, got.raw)
	}
	itemID := item.body["plaid_item_id"].(string)
	list1 := e.program(http.MethodGet, "/profiles/"+demoProfile+"/plaid/items?include_login_status=true", nil)
	if pis := list(list1.body["items"]); len(pis) != 1 || obj(pis[0])["is_login_required"] != "false" {
		t.Fatalf("profile items = %s", list1.raw)
	}
	if pis := list(e.program(http.MethodGet, "/profiles/"+demoProfile+"/plaid/items", nil).body["items"]); obj(pis[0])["is_login_required"] != nil {
		t.Fatalf("is_login_required without asking = %v", obj(pis[0])["is_login_required"])
	}
	// The bank asks the customer to log in again.
	at := e.do(http.MethodGet, "/_emulator/items/"+itemID, http.Header{}, nil).body["access_token"]
	e.callAs(emulator.DefaultProgramClientID, "any", "/sandbox/item/reset_login", map[string]any{"access_token": at}).ok(t)
	list2 := e.program(http.MethodGet, "/profiles/"+demoProfile+"/plaid/items?include_login_status=true", nil)
	if obj(list(list2.body["items"])[0])["is_login_required"] != "true" {
		t.Fatalf("after reset_login: %s", list2.raw)
	}
	upd := e.program(http.MethodPost, "/plaid/items/"+itemID+"/links", map[string]any{"select_accounts": "true"})
	if upd.status != 200 {
		t.Fatalf("update link: %d %s", upd.status, upd.raw)
	}
	e.completeLink(map[string]any{"link_token": upd.body["link_token"]}).ok(t)
	list3 := e.program(http.MethodGet, "/profiles/"+demoProfile+"/plaid/items?include_login_status=true", nil)
	if obj(list(list3.body["items"])[0])["is_login_required"] != "false" {
		t.Fatalf("after repair: %s", list3.raw)
	}
	// PATCH: keep only savings.
	p := e.program(http.MethodPatch, "/plaid/items/"+itemID, map[string]any{"plaid_bank_account_ids": []any{ids[1]}})
	if p.status != 200 || len(list(p.body["bank_accounts"])) != 1 || obj(list(p.body["bank_accounts"])[0])["type"] != "SAVINGS" {
		t.Fatalf("patch: %d %s", p.status, p.raw)
	}
	if gone := e.program(http.MethodGet, "/plaid/accounts/"+first["id"].(string), nil); obj(gone.body["bank_account"])["status"] != "CLOSED" {
		t.Fatalf("dropped account = %s", gone.raw)
	}
}

func TestProgramAPIErrors(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.ProgramAPI = true })
	cases := []struct {
		method, path string
		body         any
		status       int
	}{
		{http.MethodPost, "/plaid/links", map[string]any{"profile_id": "nope"}, 404},
		{http.MethodPost, "/plaid/links", map[string]any{}, 400},
		{http.MethodPost, "/plaid/links", map[string]any{"profile_id": demoProfile, "surprise": 1}, 400},
		{http.MethodPost, "/plaid/links", []byte(`{`), 400},
		{http.MethodPost, "/plaid/items", map[string]any{"profile_id": "nope", "plaid_public_token": "x"}, 404},
		{http.MethodPost, "/plaid/items", map[string]any{"profile_id": demoProfile, "plaid_public_token": "public-sandbox-nope"}, 422},
		{http.MethodGet, "/plaid/accounts/nope", nil, 404},
		{http.MethodGet, "/profiles/nope/plaid/items", nil, 404},
		{http.MethodPost, "/plaid/items/nope/links", map[string]any{}, 404},
		{http.MethodPatch, "/plaid/items/nope", map[string]any{"plaid_bank_account_ids": []string{"a"}}, 404},
	}
	for _, tc := range cases {
		r := e.program(tc.method, tc.path, tc.body)
		if r.status != tc.status || obj(r.body["error"])["message"] == "" {
			t.Errorf("%s %s: %d %s, want %d with a message", tc.method, tc.path, r.status, r.raw, tc.status)
		}
	}
	// Off by default.
	off := newEnv(t)
	if r := off.program(http.MethodPost, "/plaid/links", map[string]any{"profile_id": demoProfile}); r.status != 404 {
		t.Fatalf("program API served without the option: %d", r.status)
	}
}

// Profiles follow the clients rule: with none declared beyond the
// defaults, any well-formed profile id works (the one in the platform's
// own documentation too); fixtures that declare profiles restrict it.
func TestProgramProfilesFollowTheClientsRule(t *testing.T) {
	const docExample = "db6e63c8-495d-440e-9fdf-8be68cd4378d"
	open := newEnv(t, func(o *emulator.Options) { o.ProgramAPI = true })
	if r := open.program(http.MethodPost, "/plaid/links", map[string]any{"profile_id": docExample}); r.status != 200 {
		t.Fatalf("the documented profile id with no profiles declared: %d %s", r.status, r.raw)
	}
	if r := open.program(http.MethodPost, "/plaid/links", map[string]any{"profile_id": "not-a-uuid"}); r.status != 404 {
		t.Fatalf("a malformed profile id: %d", r.status)
	}
	set := fixtures.Default()
	set.Profiles = append(set.Profiles, fixtures.Profile{ProfileID: "11111111-2222-4333-8444-555555555555", Name: "Ours"})
	closed := newEnv(t, withFixtures(set), func(o *emulator.Options) { o.ProgramAPI = true })
	if r := closed.program(http.MethodPost, "/plaid/links", map[string]any{"profile_id": docExample}); r.status != 404 || !strings.Contains(string(r.raw), "profile_not_found") {
		t.Fatalf("an undeclared profile once profiles are declared: %d %s", r.status, r.raw)
	}
	if r := closed.program(http.MethodPost, "/plaid/links", map[string]any{"profile_id": "11111111-2222-4333-8444-555555555555"}); r.status != 200 {
		t.Fatalf("a declared profile: %d %s", r.status, r.raw)
	}
}
