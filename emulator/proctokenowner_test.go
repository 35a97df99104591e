package emulator_test

import (
	"testing"
)

// A processor token is its app's and its partner's: a third client can
// neither read it nor change its webhook or permissions, the partner
// cannot set its own permissions, and a webhook update is acknowledged
// with PROCESSOR_TOKEN WEBHOOK_UPDATE_ACKNOWLEDGED (its schema checked by
// the receiver).
func TestProcessorTokenBelongsToItsAppAndPartner(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"].(string)
	tok := e.call("/processor/token/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "processor": "dwolla"}).ok(t)["processor_token"]
	body := map[string]any{"processor_token": tok}
	e.callAs("partner_client", "p", "/processor/auth/get", body).ok(t) // the partner's first use
	for _, path := range []string{"/processor/auth/get", "/processor/token/permissions/get"} {
		e.callAs("intruder", "x", path, body).plaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	}
	e.callAs("intruder", "x", "/processor/token/webhook/update", map[string]any{"processor_token": tok, "webhook": "http://127.0.0.1:1/x"}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	e.callAs("intruder", "x", "/processor/token/permissions/set", map[string]any{"processor_token": tok, "products": []string{"auth"}}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	e.callAs("partner_client", "p", "/processor/token/permissions/set", map[string]any{"processor_token": tok, "products": []string{"identity"}}).
		plaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	e.call("/processor/token/permissions/set", map[string]any{"processor_token": tok, "products": []string{"auth"}}).ok(t)

	e.callAs("partner_client", "p", "/processor/token/webhook/update", map[string]any{"processor_token": tok, "webhook": rv.url}).ok(t)
	d := rv.waitFor(t, "WEBHOOK_UPDATE_ACKNOWLEDGED")
	if d.body["webhook_type"] != "PROCESSOR_TOKEN" || d.body["account_id"] != acct || d.body["new_webhook_url"] != rv.url {
		t.Fatalf("acknowledgment = %v", d.body)
	}
}
