package main

// The triggers, each through the CLI against a live emulator, and the
// Items, sessions and screenings they act on.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newItem links an Item with every product the triggers need, its
// webhook pointing at hook.
func newItem(t *testing.T, base, hook string) string {
	item, _ := newUserItem(t, base, hook)
	return item
}

// newUserItem is newItem for a Plaid user of its own (Consumer Report's
// triggers act on the Item's user): the Item's id and the user's.
func newUserItem(t *testing.T, base, hook string) (string, string) {
	user := plaidCall(t, base, "/user/create", map[string]any{"client_user_id": "cli-" + strconv.FormatInt(time.Now().UnixNano(), 36)})["user_id"].(string)
	pt := plaidCall(t, base, "/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "user_id": user,
		"initial_products": []string{"transactions", "auth", "investments", "liabilities"}, "options": map[string]any{"webhook": hook}})
	ex := plaidCall(t, base, "/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]})
	return ex["item_id"].(string), user
}

// Every trigger that --list names produces the webhook it names.
func TestTriggerEachProducesItsWebhook(t *testing.T) {
	base := startEmulator(t)
	rv := &receiver{}
	hook := httptest.NewServer(rv)
	defer hook.Close()
	var list syncBuffer
	if code := run(context.Background(), []string{"trigger", "--list", "--json", "--url", base}, noEnv, &list, &list); code != 0 {
		t.Fatalf("trigger --list: exit %d %s", code, list.String())
	}
	var all struct {
		Triggers []struct {
			Name        string `json:"name"`
			WebhookType string `json:"webhook_type"`
			WebhookCode string `json:"webhook_code"`
			Subject     string `json:"subject"`
		} `json:"triggers"`
	}
	// Identity Verification's and Monitor's webhooks go to the client's Dashboard webhook.
	fx, _ := json.Marshal(map[string]any{"clients": []any{map[string]any{"client_id": "cli", "secret": "s", "dashboard_webhook": hook.URL}}})
	if resp, err := http.Post(base+"/_emulator/fixtures", "application/json", strings.NewReader(string(fx))); err != nil || resp.StatusCode != 200 {
		t.Fatalf("fixtures: %v %v", resp, err)
	}
	if err := json.Unmarshal([]byte(list.String()), &all); err != nil || len(all.Triggers) < 10 {
		t.Fatalf("trigger --list gave %d triggers: %v %s", len(all.Triggers), err, list.String())
	}
	for _, tr := range all.Triggers {
		t.Run(tr.Name, func(t *testing.T) {
			args := []string{"trigger", tr.Name, "--url", base}
			switch tr.Subject {
			case "identity_verification":
				s := plaidCall(t, base, "/identity_verification/create", map[string]any{"client_user_id": tr.Name, "template_id": "idvtmp_clitrigger1",
					"gave_consent": false, "is_shareable": false})
				args = append(args, "--id", s["id"].(string))
			case "screening":
				s := plaidCall(t, base, "/watchlist_screening/individual/create", map[string]any{"search_terms": map[string]any{
					"watchlist_program_id": "prg_sandbox_default", "legal_name": "Joseph Kony"}})
				if tr.Name == "screening.pending_review" { // made pending: cleared first, so that the trigger changes it
					plaidCall(t, base, "/watchlist_screening/individual/update", map[string]any{"watchlist_screening_id": s["id"], "status": "cleared"})
				}
				args = append(args, "--id", s["id"].(string))
			default:
				item, user := newUserItem(t, base, hook.URL) // a fresh Item: some triggers break it
				if tr.Name == "cra.cashflow_updates" {       // its webhook goes to the user's subscription
					plaidCall(t, base, "/cra/monitoring_insights/subscribe", map[string]any{"user_id": user, "webhook": hook.URL})
				}
				args = append(args, "--item", item)
			}
			var out syncBuffer
			if code := run(context.Background(), args, noEnv, &out, &out); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, out.String())
			}
			waitFor(t, func() string {
				if rv.has(tr.WebhookType, tr.WebhookCode) {
					return "ok"
				}
				return ""
			})
		})
	}
	var out syncBuffer
	if code := run(context.Background(), []string{"trigger", "no.such", "--item", "x", "--url", base}, noEnv, &out, &out); code != 1 {
		t.Fatalf("an unknown trigger: exit %d", code)
	}
}
