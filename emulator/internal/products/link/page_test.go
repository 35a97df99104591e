package link_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestLinkPageAPI checks what the Link page calls, without a browser (the
// browser test drives the page itself): the session, the login step that
// lists accounts without storing anything, and the assets.
func TestLinkPageAPI(t *testing.T) {
	e := plaidtest.New(t)
	lt := e.LinkToken(map[string]any{"products": []string{"investments"}, "client_name": "Acme Invest"})
	sess := e.Do(http.MethodGet, "/_emulator/link/session?link_token="+lt, http.Header{}, nil)
	if sess.Status != 200 || sess.Body["client_name"] != "Acme Invest" || sess.Body["update_mode"] != false || sess.Body["institution"] != nil {
		t.Fatalf("session = %d %s", sess.Status, sess.Raw)
	}
	names := map[string]bool{}
	for _, in := range plaidtest.List(sess.Body["institutions"]) {
		names[plaidtest.Obj(in)["institution_id"].(string)] = true
	}
	// ins_109508 offers investments, Houndstooth Bank (ins_109512) does not.
	if !names["ins_109508"] || names["ins_109512"] {
		t.Fatalf("banks for an investments token: %v", names)
	}
	if r := e.Do(http.MethodGet, "/_emulator/link/session?link_token=link-sandbox-nope", http.Header{}, nil); r.Status != 400 || r.Body["error_code"] != "INVALID_LINK_TOKEN" {
		t.Fatalf("unknown token: %d %s", r.Status, r.Raw)
	}

	accounts := func(body map[string]any) plaidtest.Result {
		return e.Do(http.MethodPost, "/_emulator/link/accounts", http.Header{"Content-Type": {"application/json"}}, body)
	}
	auth := e.LinkToken(map[string]any{"products": []string{"auth"}})
	got := accounts(map[string]any{"link_token": auth, "institution_id": "ins_109508", "username": "user_good", "password": "pass_good"}).OK(t)
	var offered []string
	for _, a := range plaidtest.List(got["accounts"]) {
		offered = append(offered, plaidtest.Obj(a)["name"].(string)+"/"+plaidtest.Obj(a)["subtype"].(string))
	}
	if strings.Join(offered, ",") != "Plaid Checking/checking,Plaid Saving/savings,Plaid Cash Management/cash management" {
		t.Fatalf("auth offers %v", offered)
	}
	if n := len(e.Webhooks("")); n != 0 || len(plaidtest.List(e.Call("/link/token/get", map[string]any{"link_token": auth}).OK(t)["link_sessions"])) != 0 {
		t.Fatal("the login step stored something")
	}
	accounts(map[string]any{"link_token": auth, "password": "wrong", "link_session_id": "sess-1"}).PlaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")
	accounts(map[string]any{"link_token": auth, "password": "mfa_device", "mfa_answers": []string{"0"}}).PlaidErr(t, 400, "ITEM_ERROR", "INVALID_MFA")
	accounts(map[string]any{"link_token": auth, "institution_id": "ins_132361"}).PlaidErr(t, 400, "INSTITUTION_ERROR", "INSTITUTION_DOWN")
	sessions := plaidtest.List(e.Call("/link/token/get", map[string]any{"link_token": auth}).OK(t)["link_sessions"])
	if len(sessions) != 3 || plaidtest.Obj(sessions[0])["link_session_id"] != "sess-1" {
		t.Fatalf("failed logins recorded as %v", sessions)
	}
	// The page's session id is kept by completion too.
	done := e.CompleteLink(map[string]any{"link_token": auth, "link_session_id": "sess-2", "account_ids": []string{"Plaid Saving"}}).OK(t)
	if plaidtest.Obj(done["metadata"])["link_session_id"] != "sess-2" || len(plaidtest.List(plaidtest.Obj(done["metadata"])["accounts"])) != 1 {
		t.Fatalf("completed = %v", done)
	}
	// Update mode: nothing to select.
	it := e.Link("ins_109508", []string{"auth"}, nil)
	upd := e.LinkToken(map[string]any{"access_token": it.AccessToken})
	if a := plaidtest.List(accounts(map[string]any{"link_token": upd}).OK(t)["accounts"]); len(a) != 0 {
		t.Fatalf("update mode offers %v", a)
	}
	if s := e.Do(http.MethodGet, "/_emulator/link/session?link_token="+upd, http.Header{}, nil); s.Body["update_mode"] != true || plaidtest.Obj(s.Body["institution"])["institution_id"] != "ins_109508" {
		t.Fatalf("update-mode session = %s", s.Raw)
	}

	// OAuth: the consent page's answer is kept for the token that asked.
	oauthTok := e.LinkToken(map[string]any{"products": []string{"auth"}, "redirect_uri": "https://app.example.com/return?x=1"})
	oauth := func(body map[string]any) plaidtest.Result {
		return e.Do(http.MethodPost, "/_emulator/link/oauth", http.Header{"Content-Type": {"application/json"}}, body)
	}
	oauth(map[string]any{"link_token": oauthTok, "institution_id": "ins_109508", "link_session_id": "s"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_INSTITUTION")
	ok := oauth(map[string]any{"link_token": oauthTok, "institution_id": "ins_127287", "link_session_id": "s-oauth", "approve": true}).OK(t)
	id := ok["oauth_state_id"].(string)
	if ok["redirect_uri"] != "https://app.example.com/return?oauth_state_id="+id+"&x=1" {
		t.Fatalf("redirect_uri = %v", ok["redirect_uri"])
	}
	if r := e.Do(http.MethodGet, "/_emulator/link/oauth?oauth_state_id="+id+"&link_token="+auth, http.Header{}, nil); r.Status != 400 {
		t.Fatalf("another token read the OAuth state: %d", r.Status)
	}
	if r := e.Do(http.MethodGet, "/_emulator/link/oauth?oauth_state_id="+id+"&link_token="+oauthTok, http.Header{}, nil); r.Status != 200 ||
		r.Body["approved"] != true || r.Body["link_session_id"] != "s-oauth" || plaidtest.Obj(r.Body["institution"])["institution_id"] != "ins_127287" {
		t.Fatalf("OAuth state = %d %s", r.Status, r.Raw)
	}
	for path, want := range map[string]string{
		"/_emulator/oauth/authorize?link_token=" + oauthTok: "Allow",
		"/link/v2/stable/link-initialize.js":                "window.Plaid",
		"/_emulator/link/ui?link_token=" + lt:               "Select your bank",
		"/_emulator/link/link.js":                           "TRANSITION_VIEW",
		"/_emulator/link/panes.js":                          "LinkPanes",
		"/_emulator/link/link.css":                          ".pane",
	} {
		resp, err := e.Client.Get(e.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := plaidtest.ReadAll(resp)
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("%s = %d %s", path, resp.StatusCode, resp.Header)
		}
	}
}
