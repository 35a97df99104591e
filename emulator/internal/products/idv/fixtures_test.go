package idv_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestIDVFixtureExample loads docs/fixtures.md's Identity Verification
// example (testdata/fixtures/idv.yaml): the client's Dashboard webhook
// (moved to a receiver at run time), the data-source-only template
// passing April Ludgate, the full template taking her own SMS code and
// refusing Leslie's, its address rule failing a partly wrong address,
// and Jean-Ralphio's risk check failing the session.
func TestIDVFixtureExample(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFixtureDir(plaidtest.Repo("emulator/internal/products/idv/testdata/fixtures")))
	rv := plaidtest.NewReceiver(e)
	if r := e.Do("POST", "/_emulator/fixtures", jsonHeader, map[string]any{"clients": []any{
		map[string]any{"client_id": "idv_client", "secret": "idv_secret", "dashboard_webhook": rv.URL},
		map[string]any{"client_id": plaidtest.ClientID, "secret": plaidtest.Secret}}}); r.Status != 200 { // the receiver reads the key as the test client
		t.Fatalf("fixtures: %d %s", r.Status, r.Raw)
	}
	call := func(path string, body map[string]any) plaidtest.Result {
		return e.CallAs("idv_client", "idv_secret", path, body)
	}
	april := map[string]any{"phone_number": "+13175550134", "date_of_birth": "1989-04-12", "name": map[string]any{"given_name": "April", "family_name": "Ludgate"},
		"address": map[string]any{"street": "5 Park Rd", "city": "Pawnee", "region": "IN", "postal_code": "46001", "country": "US"}}
	s := call("/identity_verification/create", map[string]any{"client_user_id": "april", "template_id": "idvtmp_datasourceonly", "gave_consent": true,
		"is_shareable": false, "user": april}).OK(t)
	if s["status"] != "success" {
		t.Fatalf("April, data source only: %v %v", s["status"], s["kyc_check"])
	}
	if w := rv.WaitFor(t, "STATUS_UPDATED"); w.Body["identity_verification_id"] != s["id"] {
		t.Fatalf("to the Dashboard webhook: %v", w.Body)
	}
	complete := func(body map[string]any) map[string]any {
		r := e.Do("POST", "/_emulator/idv/complete", jsonHeader, body)
		if r.Status != 200 {
			t.Fatalf("complete: %d %s", r.Status, r.Raw)
		}
		return r.Body
	}
	full := func(cuid string) string {
		return call("/identity_verification/create", map[string]any{"client_user_id": cuid, "template_id": "idvtmp_fullflow0001", "gave_consent": true,
			"is_shareable": false}).OK(t)["id"].(string)
	}
	id := full("april-full")
	s = complete(map[string]any{"identity_verification_id": id, "phone_number": "+13175550134", "sms_codes": []string{"11111", "24680"}})
	if st := s["steps"].(map[string]any); st["verify_sms"] != "success" || s["template"].(map[string]any)["version"] != 3.0 {
		t.Fatalf("April's own code, after Leslie's: %v", s)
	}
	moved := map[string]any{"given_name": "April", "family_name": "Ludgate", "date_of_birth": "1989-04-12",
		"address": map[string]any{"street": "5 Park Rd", "city": "Eagleton", "region": "IN", "postal_code": "46001", "country": "US"}}
	s = complete(map[string]any{"identity_verification_id": id, "user": moved})
	if st := s["steps"].(map[string]any); st["kyc_check"] != "failed" || st["documentary_verification"] != "active" {
		t.Fatalf("the address rule (match) fails a partly wrong address: %v", st)
	}
	s = complete(map[string]any{"identity_verification_id": id, "documents": 1})
	if s["status"] != "success" || s["steps"].(map[string]any)["documentary_verification"] != "success" {
		t.Fatalf("her own document passes the fallback: %v %v", s["status"], s["steps"])
	}
	jr := full("jean-ralphio")
	s = complete(map[string]any{"identity_verification_id": jr, "phone_number": "+13175550177", "sms_codes": []string{"11111"}, "user": map[string]any{
		"given_name": "Jean-Ralphio", "family_name": "Saperstein", "date_of_birth": "1985-09-30",
		"address": map[string]any{"street": "9 Rent-A-Swag Ave", "city": "Pawnee", "region": "IN", "postal_code": "46002", "country": "US"}}})
	risk := s["risk_check"].(map[string]any)
	if s["status"] != "failed" || s["steps"].(map[string]any)["risk_check"] != "failed" || risk["behavior"].(map[string]any)["bot_detected"] != "yes" {
		t.Fatalf("a high-risk persona: %v %v", s["status"], risk)
	}
}
