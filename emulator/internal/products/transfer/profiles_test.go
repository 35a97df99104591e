package transfer_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestPaymentProfiles, through plaid-go: a new profile is PENDING; Link
// opened with its token (no products) links one account and makes it
// READY; after /sandbox/payment_profile/reset_login the Item needs a login
// (an authorization is user_action_required), and Link opened with the
// token again is update
// mode on that Item and repairs it (approved again). Removed, the profile
// is REMOVED with deleted_at, opens no Link and resets no login; unknown
// and other clients' tokens are refused.
func TestPaymentProfiles(t *testing.T) {
	e := plaidtest.New(t)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	made, _, err := api.PaymentProfileCreate(ctx).PaymentProfileCreateRequest(*plaid.NewPaymentProfileCreateRequest()).Execute()
	plaidtest.Must(t, "payment_profile/create", err)
	token := made.PaymentProfileToken
	status := func(want string) plaid.PaymentProfileGetResponse {
		t.Helper()
		got, _, err := api.PaymentProfileGet(ctx).PaymentProfileGetRequest(*plaid.NewPaymentProfileGetRequest(token)).Execute()
		plaidtest.Must(t, "payment_profile/get", err)
		if string(got.Status) != want {
			t.Fatalf("status %s, want %s", got.Status, want)
		}
		return got
	}
	if got := status("PENDING"); got.DeletedAt.Get() != nil {
		t.Fatalf("a new profile: %+v", got)
	}
	linkWith := map[string]any{"webhook": "http://127.0.0.1:9/hook", "transfer": map[string]any{"payment_profile_token": token}}
	done := e.CompleteLink(map[string]any{"link_token": e.LinkToken(linkWith)}).OK(t)
	accts := plaidtest.List(plaidtest.Obj(done["metadata"])["accounts"])
	if len(accts) != 1 {
		t.Fatalf("a payment profile links one account: %v", accts)
	}
	status("READY")
	at := e.Call("/item/public_token/exchange", map[string]any{"public_token": done["public_token"]}).OK(t)["access_token"]
	decide := func() string {
		t.Helper()
		au := e.Call("/transfer/authorization/create", map[string]any{"access_token": at, "account_id": plaidtest.Obj(accts[0])["id"],
			"payment_profile_token": token, "type": "debit", "network": "ach", "ach_class": "web", "amount": "5.00",
			"user": map[string]any{"legal_name": "A B"}}).OK(t)
		return plaidtest.Obj(au["authorization"])["decision"].(string)
	}
	if d := decide(); d != "approved" {
		t.Fatalf("a READY profile's decision: %s", d)
	}
	other := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/transfer/authorization/create", map[string]any{"access_token": other.AccessToken, "account_id": e.AccountIDs(other.AccessToken)["Plaid Checking"],
		"payment_profile_token": token, "type": "debit", "network": "ach", "ach_class": "web", "amount": "5.00",
		"user": map[string]any{"legal_name": "A B"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD") // not the profile's account
	_, _, err = api.SandboxPaymentProfileResetLogin(ctx).SandboxPaymentProfileResetLoginRequest(*plaid.NewSandboxPaymentProfileResetLoginRequest(token)).Execute()
	plaidtest.Must(t, "sandbox/payment_profile/reset_login", err)
	if d := decide(); d != "user_action_required" {
		t.Fatalf("after reset_login: %s", d)
	}
	repair := e.LinkToken(linkWith)
	if s := e.Do("GET", "/_emulator/link/session?link_token="+repair, nil, nil).OK(t); s["update_mode"] != true {
		t.Fatalf("Link for a READY profile: %v", s)
	}
	e.CompleteLink(map[string]any{"link_token": repair}).OK(t)
	if d := decide(); d != "approved" {
		t.Fatalf("after update mode: %s", d)
	}
	_, _, err = api.PaymentProfileRemove(ctx).PaymentProfileRemoveRequest(*plaid.NewPaymentProfileRemoveRequest(token)).Execute()
	plaidtest.Must(t, "payment_profile/remove", err)
	if got := status("REMOVED"); got.DeletedAt.Get() == nil {
		t.Fatalf("removed: %+v", got)
	}
	body := map[string]any{"client_name": "Acme", "language": "en", "country_codes": []string{"US"}, "user": map[string]any{"client_user_id": "u"},
		"transfer": map[string]any{"payment_profile_token": token}}
	e.Call("/link/token/create", body).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/sandbox/payment_profile/reset_login", map[string]any{"payment_profile_token": token}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/payment_profile/get", map[string]any{"payment_profile_token": "nope"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.CallAs("other", "x", "/payment_profile/get", map[string]any{"payment_profile_token": token}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
