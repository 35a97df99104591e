package income_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestBankIncomeAgreesWithTransactions, over seeds and personas (Sandbox's
// history, generated ones, the income personas): every deposit in a Bank
// Income report is a row /transactions/get shows for the Item, with its
// id, account, date, description and amount; every such posted row of a source's
// account and description inside the window is in the source; and the
// totals and counts add up, per source and in the summary.
func TestBankIncomeAgreesWithTransactions(t *testing.T) {
	personas := [][2]string{{"user_bank_income", "{}"}, {"user_credit_profile_good", "x"}, {"user_good", "pass_good"},
		{"user_yuppie", "x"}, {"user_credit_bonus", "x"}, {"user_transactions_dynamic", "x"}}
	for seed := int64(1); seed <= int64(len(personas)); seed++ {
		p := personas[seed-1]
		days := 60 + int(seed)*110
		t.Run(fmt.Sprintf("seed%d-%s", seed, p[0]), func(t *testing.T) {
			e := plaidtest.New(t, plaidtest.WithSeed(seed))
			rv := plaidtest.NewReceiver(e)
			uid := e.Call("/user/create", map[string]any{"client_user_id": "p"}).Body["user_id"].(string)
			it := e.Link("ins_109508", []string{"income_verification"}, nil)
			_ = it                                                                                                                                       // a stranger Item of the same client: not the user's, not in the report
			pt := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_20", "initial_products": []string{"income_verification"}, // as Plaid's docs do
				"user_id": uid, "options": map[string]any{"override_username": p[0], "override_password": p[1], "webhook": rv.URL,
					"income_verification": map[string]any{"income_source_types": []string{"bank"}, "bank_income": map[string]any{"days_requested": days}}}}).OK(t)
			access := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).OK(t)["access_token"].(string)
			rep := plaidtest.Obj(plaidtest.List(e.Call("/credit/bank_income/get", map[string]any{"user_id": uid}).OK(t)["bank_income"])[0])
			e.Call("/transactions/get", map[string]any{"access_token": access, "start_date": "2000-01-01", "end_date": "2100-01-01"}) // turns the product on
			rv.WaitFor(t, "HISTORICAL_UPDATE")
			rows := e.GetAll(access)
			generated, _ := time.Parse(time.RFC3339, rep["generated_time"].(string))
			from := generated.UTC().AddDate(0, 0, -days).Format(time.DateOnly)
			items := plaidtest.List(rep["items"])
			if len(items) != 1 {
				t.Fatalf("one Item in the report: %v", items)
			}
			var all float64
			n, deposits := 0, 0
			for _, s := range plaidtest.List(plaidtest.Obj(items[0])["bank_income_sources"]) {
				src := plaidtest.Obj(s)
				acct, desc := src["account_id"], src["income_description"]
				seen := map[string]bool{}
				var sum float64
				for _, h := range plaidtest.List(src["historical_summary"]) {
					for _, x := range plaidtest.List(plaidtest.Obj(h)["transactions"]) {
						tx := plaidtest.Obj(x)
						id := tx["transaction_id"].(string)
						row := rows[id]
						if row == nil || row["account_id"] != acct || row["date"] != tx["date"] || row["name"] != desc || tx["name"] != desc ||
							math.Abs(row["amount"].(float64)+tx["amount"].(float64)) > 0.005 || row["pending"] != false {
							t.Fatalf("report deposit %v is not the Item's row %v", tx, row)
						}
						seen[id] = true
						sum += tx["amount"].(float64)
					}
				}
				for id, row := range rows {
					if row["account_id"] == acct && row["name"] == desc && row["amount"].(float64) < 0 && row["pending"] == false && row["date"].(string) >= from && !seen[id] {
						t.Fatalf("row %v of source %q is missing from the report", row, desc)
					}
				}
				if int(src["transaction_count"].(float64)) != len(seen) || math.Abs(src["total_amount"].(float64)-sum) > 0.01 {
					t.Fatalf("source %q: count %v total %v, deposits %d summing %.2f", desc, src["transaction_count"], src["total_amount"], len(seen), sum)
				}
				all += sum
				n++
				deposits += len(seen)
			}
			sm := plaidtest.Obj(rep["bank_income_summary"])
			if int(sm["income_sources_count"].(float64)) != n || int(sm["income_transactions_count"].(float64)) != deposits ||
				math.Abs(sm["total_amount"].(float64)-all) > 0.01 {
				t.Fatalf("summary %v: %d sources, %d deposits, %.2f", sm, n, deposits, all)
			}
			if p[0] == "user_bank_income" && n < 6 {
				t.Fatalf("user_bank_income has %d sources", n)
			}
		})
	}
}
