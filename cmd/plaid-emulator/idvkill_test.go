package main

import (
	"path/filepath"
	"testing"
)

// TestSessionsAndScreeningsSurviveKill9: an Identity Verification session
// (its answers so far) and a Monitor screening with a review, each answered
// 200, are there after SIGKILL and a restart, as they were; the session
// then goes on from where it stood.
func TestSessionsAndScreeningsSurviveKill9(t *testing.T) {
	bin := buildBinary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	cmd, url := startBinary(t, bin, "--state", state)
	idv := post(t, url+"/identity_verification/create", `{"client_user_id":"killed","template_id":"idvtmp_killtest01","gave_consent":true,"is_shareable":false,
		"user":{"phone_number":"+12345678909"}}`)
	scr := post(t, url+"/watchlist_screening/individual/create", `{"search_terms":{"watchlist_program_id":"prg_sandbox_default","legal_name":"Joseph Kony","date_of_birth":"1964-09-18"}}`)
	hits := post(t, url+"/watchlist_screening/individual/hit/list", `{"watchlist_screening_id":"`+scr["id"].(string)+`"}`)["watchlist_screening_hits"].([]any)
	hit := hits[0].(map[string]any)["id"].(string)
	post(t, url+"/watchlist_screening/individual/review/create", `{"watchlist_screening_id":"`+scr["id"].(string)+`","confirmed_hits":["`+hit+`"],"dismissed_hits":[]}`)
	_ = cmd.Process.Kill() // SIGKILL right after the answers
	_ = cmd.Wait()

	cmd, url = startBinary(t, bin, "--state", state)
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	got := post(t, url+"/identity_verification/get", `{"identity_verification_id":"`+idv["id"].(string)+`"}`)
	steps := got["steps"].(map[string]any)
	if got["status"] != "active" || steps["accept_tos"] != "skipped" || steps["verify_sms"] != "active" || got["user"].(map[string]any)["phone_number"] != "+12345678909" {
		t.Fatalf("the session after the restart: %v", got)
	}
	s := post(t, url+"/watchlist_screening/individual/get", `{"watchlist_screening_id":"`+scr["id"].(string)+`"}`)
	hits = post(t, url+"/watchlist_screening/individual/hit/list", `{"watchlist_screening_id":"`+scr["id"].(string)+`"}`)["watchlist_screening_hits"].([]any)
	if s["status"] != "pending_review" || len(hits) != 2 || hits[0].(map[string]any)["review_status"] != "confirmed" {
		t.Fatalf("the screening after the restart: %v, hits %v", s["status"], hits)
	}
	if n := len(post(t, url+"/watchlist_screening/individual/review/list", `{"watchlist_screening_id":"`+scr["id"].(string)+`"}`)["watchlist_screening_reviews"].([]any)); n != 1 {
		t.Fatalf("%d reviews after the restart", n)
	}
	done := post(t, url+"/_emulator/idv/complete", `{"identity_verification_id":"`+idv["id"].(string)+`","sms_codes":["11111"]}`)
	if done["steps"].(map[string]any)["verify_sms"] != "success" {
		t.Fatalf("the session goes on after the restart: %v", done["steps"])
	}
}
