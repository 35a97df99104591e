package income_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// TestDocumentIncome, for a user of the new user API (user_id, USER_
// webhooks): uploads in a document session are scripted by Sandbox's JSON
// customization (a pay stub with a risk score and a signal, a W-2, a bank
// statement); a file that is not one reads as a pay stub. Both webhooks
// come (OCR and risk signals asked), then pay stubs, W-2, signals and
// statements read back; a document session has no employment.
func TestDocumentIncome(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "docs"}).Body["user_id"].(string)
	lt := e.LinkToken(map[string]any{"user_id": uid, "products": []string{"income_verification"}, "webhook": rv.URL,
		"income_verification": map[string]any{"income_source_types": []string{"payroll"},
			"payroll_income": map[string]any{"flow_types": []string{"payroll_document_income"}, "parsing_config": []string{"ocr", "risk_signals"}}}})
	signal := map[string]any{"type": "METADATA_DATES_OUTSIDE_WINDOW", "has_fraud_risk": true, "signal_description": "creation date after the pay date", "page_number": 1}
	e.CompleteLink(map[string]any{"link_token": lt, "documents": []any{
		map[string]any{"name": "stub.json", "content": map[string]any{"paystub": map[string]any{}, "ocr_status": "SUCCESS", "risk_signals_status": "SUCCESS",
			"risk_score": 70, "single_document_risk_signals": []any{signal}}},
		map[string]any{"name": "w2.json", "content": map[string]any{"w2": map[string]any{}}},
		map[string]any{"name": "statement.json", "content": map[string]any{"bank_statement": map[string]any{}, "risk_signals_status": "PASSWORD_PROTECTED"}},
		map[string]any{"name": "photo.png", "content": "iVBORw0KGgo"},
	}}).OK(t)
	if w := rv.WaitFor(t, "USER_INCOME_VERIFICATION"); w.Body["user_id"] != uid || w.Body["verification_status"] != "VERIFICATION_STATUS_PROCESSING_COMPLETE" {
		t.Fatalf("USER_INCOME_VERIFICATION: %v", w.Body)
	}
	rv.WaitFor(t, "USER_INCOME_VERIFICATION_RISK_SIGNALS")
	if rv.Acks()["INCOME_VERIFICATION"] > 0 {
		t.Fatalf("a new user hears only the USER_ codes: %v", rv.Acks())
	}
	pi := plaidtest.Obj(plaidtest.List(plaidtest.Obj(plaidtest.List(e.Call("/credit/payroll_income/get", map[string]any{"user_id": uid}).OK(t)["items"])[0])["payroll_income"])[0])
	stubs, w2s := plaidtest.List(pi["pay_stubs"]), plaidtest.List(pi["w2s"])
	if len(stubs) != 2 || len(w2s) != 1 || plaidtest.Obj(plaidtest.Obj(stubs[0])["document_metadata"])["name"] != "stub.json" {
		t.Fatalf("two pay stubs and a W-2: %v", pi)
	}
	for _, d := range append(stubs, w2s...) {
		if plaidtest.Obj(plaidtest.Obj(d)["document_metadata"])["download_url"] == nil {
			t.Fatalf("a document's download_url is never null: %v", d)
		}
	}
	sig := plaidtest.List(plaidtest.Obj(plaidtest.List(plaidtest.Obj(plaidtest.List(e.Call("/credit/payroll_income/risk_signals/get",
		map[string]any{"user_id": uid}).OK(t)["items"])[0])["verification_risk_signals"])[0])["single_document_risk_signals"])
	first := plaidtest.Obj(sig[0])
	if len(sig) != 4 || plaidtest.Obj(first["risk_summary"])["risk_score"] != 70.0 || len(plaidtest.List(first["risk_signals"])) != 1 ||
		plaidtest.Obj(plaidtest.Obj(sig[2])["document_reference"])["status"] != "PASSWORD_PROTECTED" {
		t.Fatalf("risk signals: %v", sig)
	}
	stmts := plaidtest.List(plaidtest.Obj(plaidtest.List(e.Call("/credit/bank_statements/uploads/get", map[string]any{"user_id": uid}).OK(t)["items"])[0])["bank_statements"])
	if len(stmts) != 1 || len(plaidtest.List(plaidtest.Obj(stmts[0])["bank_accounts"])) != 1 {
		t.Fatalf("one bank statement: %v", stmts)
	}
	e.Call("/credit/employment/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "EMPLOYMENT_NOT_FOUND")
	e.CompleteLink(map[string]any{"link_token": lt, "documents": "a file"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestPayrollProcessingOnTheClock: a payroll rule's processing delay keeps
// /credit/payroll_income/get at PRODUCT_NOT_READY until the emulator clock
// passes it, which sends the webhook; a failing rule sends
// VERIFICATION_STATUS_PROCESSING_FAILED and reads as INCOME_VERIFICATION_FAILED.
func TestPayrollProcessingOnTheClock(t *testing.T) {
	fx := fixtures.Default()
	for _, u := range []struct {
		name string
		rule fixtures.PayrollRule
	}{{"payroll_slow", fixtures.PayrollRule{ProcessingDelay: "10m", Employer: "Slow Payroll Co"}}, {"payroll_broken", fixtures.PayrollRule{Fail: true}}} {
		fx.Users = append(fx.Users, fixtures.User{Username: u.name, Institutions: []string{"ins_135842"},
			Accounts: []fixtures.Account{{Name: "Payroll", Type: "other", Subtype: new("payroll"), Payroll: &u.rule}}})
	}
	e := plaidtest.New(t, plaidtest.WithFixtures(fx), plaidtest.WithFrozenClock(time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	link := func(username string) string {
		made := e.Call("/user/create", map[string]any{"client_user_id": username})
		uid, ok := made.Body["user_id"].(string)
		if !ok {
			t.Fatalf("user/create: %d %s", made.Status, made.Raw)
		}
		e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_135842", "initial_products": []string{"income_verification"}, "user_id": uid,
			"options": map[string]any{"override_username": username, "override_password": "x", "webhook": rv.URL,
				"income_verification": map[string]any{"income_source_types": []string{"payroll"}}}}).OK(t)
		return uid
	}
	slow := link("payroll_slow")
	e.Call("/credit/payroll_income/get", map[string]any{"user_id": slow}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "PRODUCT_NOT_READY")
	if r := e.Clock(map[string]any{"advance": "11m"}); r.Status != 200 {
		t.Fatalf("clock: %d %s", r.Status, r.Raw)
	}
	if w := rv.WaitFor(t, "USER_INCOME_VERIFICATION"); w.Body["user_id"] != slow {
		t.Fatalf("webhook after the delay: %v", w.Body)
	}
	got := e.Call("/credit/payroll_income/get", map[string]any{"user_id": slow}).OK(t)
	stub := plaidtest.Obj(plaidtest.List(plaidtest.Obj(plaidtest.List(plaidtest.Obj(plaidtest.List(got["items"])[0])["payroll_income"])[0])["pay_stubs"])[0])
	if plaidtest.Obj(stub["employer"])["name"] != "Slow Payroll Co" {
		t.Fatalf("the rule's employer: %v", stub["employer"])
	}
	broken := link("payroll_broken")
	if w := rv.WaitForN(t, "USER_INCOME_VERIFICATION", 2)[1]; w.Body["user_id"] != broken || w.Body["verification_status"] != "VERIFICATION_STATUS_PROCESSING_FAILED" {
		t.Fatalf("a failing rule: %v", w.Body)
	}
	e.Call("/credit/payroll_income/get", map[string]any{"user_id": broken}).PlaidErr(t, 400, "INCOME_VERIFICATION_ERROR", "INCOME_VERIFICATION_FAILED")
}

// TestIncomeSessions: /credit/sessions/get tells, per income Link session,
// which reads to call: a bank session's report status, a payroll login's
// pay stubs and W-2s retrieved, a document session's uploads by kind.
func TestIncomeSessions(t *testing.T) {
	e := plaidtest.New(t)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "sessions"}).Body["user_id"].(string)
	complete := func(income map[string]any, body map[string]any) {
		body["link_token"] = e.LinkToken(map[string]any{"user_id": uid, "products": []string{"income_verification"}, "income_verification": income})
		e.CompleteLink(body).OK(t)
		sessions := plaidtest.List(e.Call("/link/token/get", map[string]any{"link_token": body["link_token"]}).OK(t)["link_sessions"]) // in its own shape
		if len(sessions) != 1 || plaidtest.Obj(sessions[0])["results"] == nil {
			t.Fatalf("link/token/get sessions: %v", sessions)
		}
	}
	complete(map[string]any{"income_source_types": []string{"bank"}}, map[string]any{"institution_id": "ins_109508", "username": "user_bank_income", "password": "{}"})
	complete(map[string]any{"income_source_types": []string{"payroll"}}, map[string]any{"institution_id": "ins_92", "username": "test-good", "password": "test", "mfa_answers": []string{"1234"}})
	complete(map[string]any{"income_source_types": []string{"payroll"}, "payroll_income": map[string]any{"flow_types": []string{"payroll_document_income"}}},
		map[string]any{"documents": []any{map[string]any{"name": "w2.json", "content": map[string]any{"w2": map[string]any{}}}, map[string]any{"name": "a.pdf", "content": "x"}}})
	ss := plaidtest.List(e.Call("/credit/sessions/get", map[string]any{"user_id": uid}).OK(t)["sessions"])
	if len(ss) != 3 {
		t.Fatalf("three sessions: %v", ss)
	}
	var docs, payroll, bank map[string]any
	for _, s := range ss {
		r := plaidtest.Obj(plaidtest.Obj(s)["results"])
		if d := plaidtest.Obj(r["document_income_results"]); d != nil {
			docs = d
		}
		if l := plaidtest.List(r["payroll_income_results"]); len(l) == 1 {
			payroll = plaidtest.Obj(l[0])
		}
		if l := plaidtest.List(r["bank_income_results"]); len(l) == 1 {
			bank = plaidtest.Obj(l[0])
		}
	}
	if docs["num_w2s_uploaded"] != 1.0 || docs["num_paystubs_uploaded"] != 1.0 || payroll["num_paystubs_retrieved"] != 2.0 ||
		payroll["institution_name"] != "ADP" || bank["status"] != "APPROVED" || bank["institution_id"] != "ins_109508" {
		t.Fatalf("session results: %v", ss)
	}
}
