package assets_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// Where plaid-go's and plaid-node's own integration tests, written against
// the real Sandbox, disagreed with the emulator: they call /asset_report/filter and
// /asset_report/audit_copy/*.
func TestAssetPathsPlaidsSuitesCall(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"assets"}, nil)
	rep := e.Call("/asset_report/create", map[string]any{"access_tokens": []string{it.AccessToken}, "days_requested": 30}).OK(t)
	full := plaidtest.Obj(e.Call("/asset_report/get", map[string]any{"asset_report_token": rep["asset_report_token"]}).OK(t)["report"])
	all := plaidtest.List(plaidtest.Obj(plaidtest.List(full["items"])[0])["accounts"])
	drop := plaidtest.Obj(all[0])["account_id"]
	f := e.Call("/asset_report/filter", map[string]any{"asset_report_token": rep["asset_report_token"], "account_ids_to_exclude": []any{drop}}).OK(t)
	filtered := plaidtest.Obj(e.Call("/asset_report/get", map[string]any{"asset_report_token": f["asset_report_token"]}).OK(t)["report"])
	if got := plaidtest.List(plaidtest.Obj(plaidtest.List(filtered["items"])[0])["accounts"]); len(got) != len(all)-1 || filtered["asset_report_id"] != f["asset_report_id"] {
		t.Fatalf("filtered report: %d accounts of %d, id %v / %v", len(got), len(all), filtered["asset_report_id"], f["asset_report_id"])
	}
	ac := e.Call("/asset_report/audit_copy/create", map[string]any{"asset_report_token": rep["asset_report_token"], "auditor_id": "fannie_mae"}).OK(t)["audit_copy_token"]
	if got := plaidtest.Obj(e.Call("/asset_report/audit_copy/get", map[string]any{"audit_copy_token": ac}).OK(t)["report"]); got["asset_report_id"] != full["asset_report_id"] {
		t.Fatalf("audit copy of %v is %v", full["asset_report_id"], got["asset_report_id"])
	}
	if status, _ := e.Post("/asset_report/audit_copy/pdf/get", map[string]any{"audit_copy_token": ac}); status != 200 {
		t.Fatalf("audit copy PDF: %d", status)
	}
	e.Call("/asset_report/get", map[string]any{"asset_report_token": ac}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	if e.Call("/asset_report/audit_copy/remove", map[string]any{"audit_copy_token": ac}).OK(t)["removed"] != true {
		t.Fatal("audit copy not removed")
	}
	e.Call("/asset_report/audit_copy/get", map[string]any{"audit_copy_token": ac}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
