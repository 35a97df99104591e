package emulator_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestAgreesWithPlaidsClientSuites holds the points where plaid-go's and
// plaid-node's own integration tests, written against the real Sandbox,
// disagreed with the emulator: a statement carries Plaid-Content-Hash (its
// SHA-256); options.statements on /sandbox/public_token/create sets the
// months listed; user_good's liabilities hold one credit card; and the
// paths those suites call that were missing are served: /item/public_token/create,
// /item/import, /asset_report/filter and /asset_report/audit_copy/*.
func TestAgreesWithPlaidsClientSuites(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"statements", "liabilities", "assets"}, map[string]any{
		"statements": map[string]any{"start_date": "2025-01-10", "end_date": "2025-03-20"}})
	accts := list(e.call("/statements/list", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])
	var months []string
	for _, s := range list(obj(accts[0])["statements"]) {
		months = append(months, fmt.Sprintf("%v/%v", obj(s)["month"], obj(s)["year"]))
	}
	slices.Sort(months)
	if strings.Join(months, ",") != "1/2025,2/2025,3/2025" {
		t.Fatalf("statements for January–March 2025: %v", months)
	}
	stmt := obj(list(obj(accts[0])["statements"])[0])["statement_id"]
	resp, pdf := e.send(e.client, "/statements/download", mustJSON(map[string]any{"access_token": it.accessToken, "statement_id": stmt}))
	sum := sha256.Sum256(pdf)
	if got := resp.Header.Get("Plaid-Content-Hash"); got != hex.EncodeToString(sum[:]) || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("Plaid-Content-Hash %q for a body hashing to %x", got, sum)
	}

	liab := obj(e.call("/liabilities/get", map[string]any{"access_token": it.accessToken}).ok(t)["liabilities"])
	if len(list(liab["credit"])) != 1 || len(list(liab["student"])) != 1 || len(list(liab["mortgage"])) != 1 {
		t.Fatalf("user_good's liabilities: %d credit, %d student, %d mortgage", len(list(liab["credit"])), len(list(liab["student"])), len(list(liab["mortgage"])))
	}

	pt := e.call("/item/public_token/create", map[string]any{"access_token": it.accessToken}).ok(t)
	if ex := e.call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).ok(t); ex["item_id"] != it.itemID {
		t.Fatalf("the created public token exchanged for %v", ex["item_id"])
	}
	imp := e.call("/item/import", map[string]any{"products": []string{"auth", "identity"}, "user_auth": map[string]any{"user_id": "user_good", "auth_token": "pass_good"},
		"options": map[string]any{"webhook": "http://127.0.0.1:9/hook"}}).ok(t)
	if len(list(e.call("/auth/get", map[string]any{"access_token": imp["access_token"]}).ok(t)["accounts"])) == 0 {
		t.Fatal("the imported Item has no Auth accounts")
	}
	e.call("/item/import", map[string]any{"products": []string{"auth"}, "user_auth": map[string]any{"user_id": "user_good", "auth_token": "wrong"}}).
		plaidErr(t, 400, "ITEM_ERROR", "INVALID_CREDENTIALS")

	rep := e.call("/asset_report/create", map[string]any{"access_tokens": []string{it.accessToken}, "days_requested": 30}).ok(t)
	full := obj(e.call("/asset_report/get", map[string]any{"asset_report_token": rep["asset_report_token"]}).ok(t)["report"])
	all := list(obj(list(full["items"])[0])["accounts"])
	drop := obj(all[0])["account_id"]
	f := e.call("/asset_report/filter", map[string]any{"asset_report_token": rep["asset_report_token"], "account_ids_to_exclude": []any{drop}}).ok(t)
	filtered := obj(e.call("/asset_report/get", map[string]any{"asset_report_token": f["asset_report_token"]}).ok(t)["report"])
	if got := list(obj(list(filtered["items"])[0])["accounts"]); len(got) != len(all)-1 || filtered["asset_report_id"] != f["asset_report_id"] {
		t.Fatalf("filtered report: %d accounts of %d, id %v / %v", len(got), len(all), filtered["asset_report_id"], f["asset_report_id"])
	}
	ac := e.call("/asset_report/audit_copy/create", map[string]any{"asset_report_token": rep["asset_report_token"], "auditor_id": "fannie_mae"}).ok(t)["audit_copy_token"]
	if got := obj(e.call("/asset_report/audit_copy/get", map[string]any{"audit_copy_token": ac}).ok(t)["report"]); got["asset_report_id"] != full["asset_report_id"] {
		t.Fatalf("audit copy of %v is %v", full["asset_report_id"], got["asset_report_id"])
	}
	if status, _ := e.post("/asset_report/audit_copy/pdf/get", map[string]any{"audit_copy_token": ac}); status != 200 {
		t.Fatalf("audit copy PDF: %d", status)
	}
	e.call("/asset_report/get", map[string]any{"asset_report_token": ac}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	if e.call("/asset_report/audit_copy/remove", map[string]any{"audit_copy_token": ac}).ok(t)["removed"] != true {
		t.Fatal("audit copy not removed")
	}
	e.call("/asset_report/audit_copy/get", map[string]any{"audit_copy_token": ac}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
