package emulator_test

import (
	"strings"
	"testing"
)

// The inputs a schema-driven fuzz of every served path found answering
// 500 (a recovered panic), poisoning an Item, or leaking Go's error text
// (issue 13). Each now gets Plaid's error object, and the Item stays
// usable.

func TestNullForARequiredPointerIsMissing(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"assets"}, nil)
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{it.accessToken}, "days_requested": nil}).
		plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	sig := e.link("ins_109508", []string{"auth"}, nil)
	acct := e.call("/accounts/get", map[string]any{"access_token": sig.accessToken}).ok(t)
	acctID := obj(list(acct["accounts"])[0])["account_id"]
	e.call("/signal/evaluate", map[string]any{"access_token": sig.accessToken, "account_id": acctID, "client_transaction_id": "t1", "amount": nil}).
		plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	pt := e.call("/processor/token/create", map[string]any{"access_token": sig.accessToken, "account_id": acctID, "processor": "dwolla"}).ok(t)
	e.call("/processor/signal/evaluate", map[string]any{"processor_token": pt["processor_token"], "client_transaction_id": "t2", "amount": nil}).
		plaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
}

func TestHugeOffsetIsAnEmptyPageOrInvalid(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"investments"}, nil)
	r := e.call("/investments/transactions/get", map[string]any{"access_token": it.accessToken, "start_date": "2020-01-01", "end_date": "2030-01-01",
		"options": map[string]any{"offset": int64(9223372036854775807)}})
	if r.status >= 500 {
		t.Fatalf("offset 2^63-1: %d %s", r.status, r.raw)
	}
	if r.status == 200 && len(list(r.body["investment_transactions"])) != 0 {
		t.Fatalf("offset 2^63-1 gave rows: %s", r.raw)
	}
}

func TestMistypedNestedOptionIsInvalid(t *testing.T) {
	e := newEnv(t)
	e.call("/institutions/search", map[string]any{"query": "plat", "products": []string{"auth"}, "country_codes": []string{"US"},
		"options": map[string]any{"payment_initiation": "x"}}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// Amounts so large they overflow when summed are refused before they are
// stored, so that no later call on the Item fails.
func TestAbsurdAmountsAreRefusedNotStored(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"transactions", "assets"}, nil)
	e.SyncAll(it.accessToken, "", 500, nil)
	row := map[string]any{"date_transacted": "2026-01-01", "date_posted": "2026-01-02", "amount": 1e308, "description": "huge", "iso_currency_code": "USD"}
	e.call("/sandbox/transactions/create", map[string]any{"access_token": it.accessToken, "transactions": []any{row, row}}).
		plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.call("/asset_report/create", map[string]any{"access_tokens": []string{it.accessToken}, "days_requested": 30}).ok(t)

	cfg := `{"override_accounts":[{"type":"depository","subtype":"checking","inflow_model":{"type":"monthly-income","income_amount":1e308,"payment_day_of_month":1}}]}`
	r := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"},
		"options": map[string]any{"override_username": "user_custom", "override_password": cfg}})
	if r.status == 200 {
		at := e.call("/item/public_token/exchange", map[string]any{"public_token": r.body["public_token"]}).ok(t)["access_token"]
		if got := e.call("/transactions/recurring/get", map[string]any{"access_token": at}); got.status >= 500 {
			t.Fatalf("an income of 1e308 broke the Item: %d %s", got.status, got.raw)
		}
	} else if r.status >= 500 || r.body["error_code"] == nil {
		t.Fatalf("income 1e308: %d %s", r.status, r.raw)
	}
}

// A user_custom configuration of the wrong shape is named in Plaid's words,
// never Go's.
func TestCustomUserErrorsAreNotGoText(t *testing.T) {
	e := newEnv(t)
	r := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
		"options": map[string]any{"override_username": "user_custom", "override_password": `{"override_accounts":5}`}})
	if r.status != 400 {
		t.Fatalf("override_accounts: 5 → %d %s", r.status, r.raw)
	}
	msg, _ := r.body["error_message"].(string)
	if strings.Contains(msg, "Go struct") || strings.Contains(msg, "json:") || strings.Contains(msg, "unmarshal") || !strings.Contains(msg, "override_accounts") {
		t.Fatalf("error_message %q: want Plaid's wording naming override_accounts", msg)
	}
}

// Products the emulator does not serve are refused at /link/token/create
// as Plaid refuses products a client is not enabled for, never a token
// that opens an empty Link.
func TestUnservedProductsAreRefused(t *testing.T) {
	e := newEnv(t)
	base := func(field string, products []string) map[string]any {
		b := map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}}
		b[field] = products
		return b
	}
	for _, c := range []struct {
		field    string
		products []string
	}{{"products", []string{"beacon"}}, {"products", []string{"auth", "standing_orders"}},
		{"optional_products", []string{"cra_partner_insights"}}, {"required_if_supported_products", []string{"identity_verification"}}} {
		r := e.call("/link/token/create", base(c.field, c.products))
		body := r.plaidErr(t, 400, "INVALID_INPUT", "INVALID_PRODUCT")
		if msg, _ := body["error_message"].(string); !strings.Contains(msg, c.products[len(c.products)-1]) {
			t.Errorf("%s %v: message %q does not name the product", c.field, c.products, msg)
		}
	}
	e.call("/link/token/create", base("products", []string{"auth", "transactions", "identity"})).ok(t)
}

// Every field of a served request is checked against the spec's schema
// (wire.CheckSpec, generated from it): the values the fuzz found answered
// 200 are INVALID_FIELD now.
func TestSpecChecksEveryField(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth", "assets"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	link := func(extra map[string]any) map[string]any {
		b := map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"}, "user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	for _, c := range []struct {
		path  string
		body  map[string]any
		field string
	}{
		{"/link/token/create", link(map[string]any{"account_filters": "x"}), "account_filters"},
		{"/link/token/create", link(map[string]any{"eu_config": 7}), "eu_config"},
		{"/link/token/create", link(map[string]any{"appearance_mode": "PURPLE"}), "appearance_mode"},
		{"/link/token/create", link(map[string]any{"account_filters": map[string]any{"depository": 5}}), "account_filters.depository"},
		{"/link/token/create", link(map[string]any{"user": map[string]any{"client_user_id": "u", "phone_number": 5}}), "user.phone_number"},
		{"/signal/evaluate", map[string]any{"access_token": it.accessToken, "account_id": acct, "client_transaction_id": "t", "amount": 5, "user": "x"}, "user"},
		{"/signal/evaluate", map[string]any{"access_token": it.accessToken, "account_id": acct, "client_transaction_id": "t", "amount": 5, "device": map[string]any{"ip_address": 7}}, "device.ip_address"},
		{"/signal/decision/report", map[string]any{"client_transaction_id": "t", "initiated": true, "decision_outcome": "MAYBE"}, "decision_outcome"},
		{"/signal/decision/report", map[string]any{"client_transaction_id": "t", "initiated": true, "payment_method": "CASH"}, "payment_method"},
		{"/institutions/search", map[string]any{"query": "plat", "products": []string{"auth"}, "country_codes": []string{"US"},
			"options": map[string]any{"payment_initiation": map[string]any{"payment_id": 5}}}, "options.payment_initiation.payment_id"},
		{"/asset_report/create", map[string]any{"access_tokens": []string{it.accessToken}, "days_requested": 30, "options": map[string]any{"add_ons": []string{"NOPE"}}}, "options.add_ons[0]"},
		{"/sandbox/transactions/create", map[string]any{"access_token": it.accessToken, "transactions": []any{map[string]any{"date_transacted": "2026-01-01", "date_posted": "2026-01-02", "amount": 1e15, "description": "x"}}}, "transactions[0].amount"},
	} {
		body := e.call(c.path, c.body).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		if msg, _ := body["error_message"].(string); !strings.HasPrefix(msg, c.field+" ") {
			t.Errorf("%s: error_message %q, want it to name %s", c.path, msg, c.field)
		}
	}
}
