package webhookkeys_test

import (
	"net/http"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func TestWebhookKeyRotation(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.URL})
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).OK(t)
	before := rv.WaitFor(t, "NEW_ACCOUNTS_AVAILABLE")
	rot := e.Do(http.MethodPost, "/_emulator/webhook_keys/rotate", http.Header{}, nil)
	if rot.Status != 200 {
		t.Fatalf("rotate: %d %s", rot.Status, rot.Raw)
	}
	e.Call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.AccessToken, "webhook_code": "LOGIN_REPAIRED"}).OK(t)
	after := rv.WaitFor(t, "LOGIN_REPAIRED")
	if before.KID == after.KID || after.KID != plaidtest.Obj(rot.Body["key"])["kid"] {
		t.Fatalf("kids: before %s, after %s, rotated to %v", before.KID, after.KID, plaidtest.Obj(rot.Body["key"])["kid"])
	}
	old := plaidtest.Obj(e.Call("/webhook_verification_key/get", map[string]any{"key_id": before.KID}).OK(t)["key"])
	cur := plaidtest.Obj(e.Call("/webhook_verification_key/get", map[string]any{"key_id": after.KID}).OK(t)["key"])
	if old["expired_at"] == nil || cur["expired_at"] != nil {
		t.Fatalf("expired_at: old %v, current %v", old["expired_at"], cur["expired_at"])
	}
	e.Call("/webhook_verification_key/get", map[string]any{"key_id": "00000000-0000-4000-8000-000000000000"}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID")
}
