package link_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestCreditSessions: /credit/sessions/get lists the Link sessions of the
// user's link tokens, newest first: a finished one with the Item it added
// (its public token and bank), an exited one with its error; another
// user's sessions are not listed.
func TestCreditSessions(t *testing.T) {
	e := plaidtest.New(t)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "sessions"}).Body["user_id"].(string)
	other := e.Call("/user/create", map[string]any{"client_user_id": "someone-else"}).Body["user_id"].(string)
	done := e.CompleteLink(map[string]any{"link_token": e.LinkToken(map[string]any{"products": []string{"auth"}, "user_id": uid})}).OK(t)
	e.Clock(map[string]any{"advance": "1m"})
	e.CompleteLink(map[string]any{"link_token": e.LinkToken(map[string]any{"products": []string{"auth"}, "user_id": uid}), "password": "error_ITEM_LOCKED"})
	e.CompleteLink(map[string]any{"link_token": e.LinkToken(map[string]any{"products": []string{"auth"}, "user_id": other})}).OK(t)
	sessions := plaidtest.List(e.Call("/credit/sessions/get", map[string]any{"user_id": uid}).OK(t)["sessions"])
	if len(sessions) != 2 {
		t.Fatalf("sessions: %v", sessions)
	}
	newest, oldest := plaidtest.Obj(sessions[0]), plaidtest.Obj(sessions[1])
	if e := plaidtest.Obj(plaidtest.List(newest["errors"])[0]); e["error_code"] != "ITEM_LOCKED" {
		t.Fatalf("the exited session first: %v", newest)
	}
	add := plaidtest.Obj(plaidtest.List(plaidtest.Obj(oldest["results"])["item_add_results"])[0])
	if add["public_token"] != done["public_token"] || add["institution_id"] != "ins_109508" || oldest["link_session_id"] != plaidtest.Obj(done["metadata"])["link_session_id"] {
		t.Fatalf("the finished session: %v", oldest)
	}
	e.Call("/credit/sessions/get", map[string]any{"user_token": "user-sandbox-nope"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_TOKEN")
}
