package cra_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestBaseReportAgreesWithTransactions, over seeds and personas: every
// transaction of a Base Report is the Item's row in /transactions/get
// (id, account, date, amount, pending), every posted row inside the
// report's window is in it, and each account's inflow and outflow
// attributes are the sums of its posted transactions.
func TestBaseReportAgreesWithTransactions(t *testing.T) {
	personas := [][2]string{{"user_credit_profile_good", "x"}, {"user_good", "pass_good"}, {"user_credit_joint_account", "x"}, {"user_yuppie", "x"}}
	for i, p := range personas {
		seed := int64(i + 1)
		t.Run(fmt.Sprintf("seed%d-%s", seed, p[0]), func(t *testing.T) {
			e := plaidtest.New(t, plaidtest.WithSeed(seed))
			rv := plaidtest.NewReceiver(e)
			uid := newUser(t, e, "p")
			pt := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
				"user_id": uid, "options": map[string]any{"override_username": p[0], "override_password": p[1], "webhook": rv.URL}}).OK(t)
			access := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).OK(t)["access_token"].(string)
			e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": rv.URL, "days_requested": 180 + 100*i,
				"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"}).OK(t)
			rv.WaitFor(t, "USER_CHECK_REPORT_READY")
			rep := plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)["report"])
			e.Call("/transactions/get", map[string]any{"access_token": access, "start_date": "2000-01-01", "end_date": "2100-01-01"})
			rv.WaitFor(t, "HISTORICAL_UPDATE")
			rows := e.GetAll(access)
			seen := map[string]bool{}
			from := ""
			for _, a := range plaidtest.List(plaidtest.Obj(plaidtest.List(rep["items"])[0])["accounts"]) {
				acct := plaidtest.Obj(a)
				var in, out float64
				for _, x := range plaidtest.List(acct["transactions"]) {
					tx := plaidtest.Obj(x)
					row := rows[tx["transaction_id"].(string)]
					if row == nil || row["account_id"] != acct["account_id"] || row["date"] != tx["date"] || row["amount"] != tx["amount"] || row["pending"] != tx["pending"] {
						t.Fatalf("report transaction %v is not the Item's row %v", tx, row)
					}
					seen[tx["transaction_id"].(string)] = true
					if tx["pending"] == true {
						continue
					}
					if amt := tx["amount"].(float64); amt < 0 {
						in -= amt
					} else {
						out += amt
					}
				}
				attrs := plaidtest.Obj(acct["attributes"])
				if math.Abs(plaidtest.Obj(attrs["total_inflow_amount"])["amount"].(float64)-in) > 0.01 ||
					math.Abs(plaidtest.Obj(attrs["total_outflow_amount"])["amount"].(float64)-out) > 0.01 {
					t.Fatalf("account %s: attributes %v, transactions in %.2f out %.2f", acct["name"], attrs, in, out)
				}
				if md := plaidtest.Obj(acct["metadata"]); md["start_date"] != nil && (from == "" || md["start_date"].(string) < from) {
					from = md["start_date"].(string)
				}
			}
			for id, row := range rows {
				if row["pending"] == false && from != "" && row["date"].(string) >= from && row["date"].(string) <= rep["date_generated"].(string)[:10] && !seen[id] {
					t.Fatalf("row %v of the window is missing from the report", row)
				}
			}
			if len(seen) == 0 {
				t.Fatal("an empty report proves nothing")
			}
		})
	}
}
