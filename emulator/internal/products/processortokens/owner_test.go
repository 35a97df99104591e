package processortokens_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// A processor token is its app's and its partner's: a third client can
// neither read it nor change its webhook or permissions, the partner
// cannot set its own permissions, and a webhook update is acknowledged
// with PROCESSOR_TOKEN WEBHOOK_UPDATE_ACKNOWLEDGED (its schema checked by
// the receiver).
func TestProcessorTokenBelongsToItsAppAndPartner(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"].(string)
	tok := e.Call("/processor/token/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "processor": "dwolla"}).OK(t)["processor_token"]
	body := map[string]any{"processor_token": tok}
	e.CallAs("partner_client", "p", "/processor/auth/get", body).OK(t) // the partner's first use
	for _, path := range []string{"/processor/auth/get", "/processor/token/permissions/get"} {
		e.CallAs("intruder", "x", path, body).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	}
	e.CallAs("intruder", "x", "/processor/token/webhook/update", map[string]any{"processor_token": tok, "webhook": "http://127.0.0.1:1/x"}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	e.CallAs("intruder", "x", "/processor/token/permissions/set", map[string]any{"processor_token": tok, "products": []string{"auth"}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	e.CallAs("partner_client", "p", "/processor/token/permissions/set", map[string]any{"processor_token": tok, "products": []string{"identity"}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_PROCESSOR_TOKEN")
	e.Call("/processor/token/permissions/set", map[string]any{"processor_token": tok, "products": []string{"auth"}}).OK(t)

	e.CallAs("partner_client", "p", "/processor/token/webhook/update", map[string]any{"processor_token": tok, "webhook": rv.URL}).OK(t)
	d := rv.WaitFor(t, "WEBHOOK_UPDATE_ACKNOWLEDGED")
	if d.Body["webhook_type"] != "PROCESSOR_TOKEN" || d.Body["account_id"] != acct || d.Body["new_webhook_url"] != rv.URL {
		t.Fatalf("acknowledgment = %v", d.Body)
	}
}
