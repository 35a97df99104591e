package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// The ids and values TestEveryOptionalFieldIsAccepted (optionalfields_test.go) sends.

// fieldFixture holds real ids for the fields that name things.
type fieldFixture struct {
	e                                   *env
	access, account, public, processor  string
	transfer, authorization, refund     string
	sweep, recurring, testClock, report string
	originator, ledger, linkToken       string
	auditCopy                           string
	dynamicAccess, withdrawal           string
	originatorLedger, microAccess       string
	microAccount, intent                string
	userID, userToken                   string
	bankTransfer                        string
}

// returnedGuarantee is a guaranteed debit of the fixture's, returned.
func (fx *fieldFixture) returnedGuarantee() string {
	e := fx.e
	au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": fx.access, "account_id": fx.account, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "4.00", "user": map[string]any{"legal_name": "A B"}, "request_guarantee": true}).ok(e.tb)["authorization"])
	tr := obj(e.call("/transfer/create", map[string]any{"access_token": fx.access, "account_id": fx.account, "authorization_id": au["id"], "description": "g"}).ok(e.tb)["transfer"])
	for _, ev := range []string{"posted", "returned"} {
		e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": tr["id"], "event_type": ev}).ok(e.tb)
	}
	return tr["id"].(string)
}

// repayment is a Guarantee repayment of the fixture's.
func (fx *fieldFixture) repayment() string {
	fx.returnedGuarantee()
	fx.e.call("/sandbox/transfer/repayment/simulate", map[string]any{}).ok(fx.e.tb)
	return obj(list(fx.e.call("/transfer/repayment/list", map[string]any{"count": 1}).ok(fx.e.tb)["repayments"])[0])["repayment_id"].(string)
}

// oauthState is an approved trip to Platypus OAuth Bank on the fixture's link token.
func (fx *fieldFixture) oauthState() string {
	r := fx.e.do("POST", "/_emulator/link/oauth", http.Header{"Content-Type": {"application/json"}}, map[string]any{"link_token": fx.linkToken, "institution_id": "ins_127287",
		"link_session_id": "optional-fields", "approve": true})
	return r.body["oauth_state_id"].(string)
}

// readyProfile is a payment profile Link made READY.
func (fx *fieldFixture) readyProfile() string {
	tok := fx.e.call("/payment_profile/create", map[string]any{}).ok(fx.e.tb)["payment_profile_token"].(string)
	lt := fx.e.call("/link/token/create", map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"},
		"user": map[string]any{"client_user_id": "u"}, "transfer": map[string]any{"payment_profile_token": tok}}).ok(fx.e.tb)["link_token"]
	fx.e.do("POST", "/_emulator/link/complete", http.Header{"Content-Type": {"application/json"}}, map[string]any{"link_token": lt})
	return tok
}

// userItem is a new Item associated with the fixture's user.
func (fx *fieldFixture) userItem() []string {
	it := fx.e.link("ins_109508", []string{"auth"}, nil)
	fx.e.call("/user/items/associate", map[string]any{"user_id": fx.userID, "item_ids": []string{it.itemID}}).ok(fx.e.tb)
	return []string{it.itemID}
}

// craSubscription is the Cash Flow Updates subscription of a user of its
// own (unsubscribing it leaves the fixture's user's).
func (fx *fieldFixture) craSubscription() string {
	uid := fx.e.call("/user/create", map[string]any{"client_user_id": "optional-fields-monitoring"}).body["user_id"].(string)
	fx.e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}, "user_id": uid}).ok(fx.e.tb)
	return fx.e.call("/cra/monitoring_insights/subscribe", map[string]any{"user_id": uid, "webhook": "http://127.0.0.1:9/hook"}).ok(fx.e.tb)["subscription_id"].(string)
}

// importedAccess is a Permissions Manager Item's access token (/item/import).
func (fx *fieldFixture) importedAccess() string {
	return fx.e.call("/item/import", map[string]any{"products": []string{"auth"},
		"user_auth": map[string]any{"user_id": "user_good", "auth_token": "pass_good"}}).ok(fx.e.tb)["access_token"].(string)
}

// migrateNumbers are valid account and routing numbers for migrate_account.
var migrateNumbers = map[string]func(*fieldFixture) any{
	"account_number":      func(*fieldFixture) any { return "100000000" },
	"routing_number":      func(*fieldFixture) any { return "121122676" },
	"wire_routing_number": func(*fieldFixture) any { return "026009593" },
	"account_type":        func(*fieldFixture) any { return "checking" },
}

// bankTransferSweep is a sweep of the fixture's bank transfer: posted,
// then swept as the clock passes midnight.
func (fx *fieldFixture) bankTransferSweep() string {
	fx.e.call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": fx.bankTransfer, "event_type": "posted"}).ok(fx.e.tb)
	if r := fx.e.do("POST", "/_emulator/clock", nil, map[string]any{"advance": "24h"}); r.status != 200 {
		fx.e.tb.Fatalf("advancing the clock: %d %s", r.status, r.raw)
	}
	sweeps := list(fx.e.call("/bank_transfer/sweep/list", map[string]any{}).ok(fx.e.tb)["sweeps"])
	return obj(sweeps[0])["id"].(string)
}

// statementID is a statement of the Item's now.
func (fx *fieldFixture) statementID() string {
	accts := list(fx.e.call("/statements/list", map[string]any{"access_token": fx.access}).ok(fx.e.tb)["accounts"])
	return obj(list(obj(accts[0])["statements"])[0])["statement_id"].(string)
}

// freshAuthorization is an authorization no transfer has used.
func (fx *fieldFixture) freshAuthorization() string {
	return obj(fx.e.call("/transfer/authorization/create", map[string]any{"access_token": fx.access, "account_id": fx.account, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "3.00", "user": map[string]any{"legal_name": "A B"}}).ok(fx.e.tb)["authorization"])["id"].(string)
}

func newFieldFixture(t *testing.T, e *env) *fieldFixture {
	fx := &fieldFixture{e: e}
	fx.refresh(t, "")
	return fx
}

// refresh makes the ids a path may have used up (an Item removed, a token
// exchanged) anew.
func (fx *fieldFixture) refresh(t *testing.T, after string) {
	e := fx.e
	if fx.access == "" || after == "/item/remove" || after == "/item/access_token/invalidate" || after == "/sandbox/item/reset_login" {
		it := e.link("ins_109508", []string{"auth", "transactions", "identity", "liabilities", "investments", "assets", "statements", "signal"}, nil)
		fx.access = it.accessToken
		fx.account = obj(list(e.call("/accounts/get", map[string]any{"access_token": fx.access}).ok(t)["accounts"])[0])["account_id"].(string)
		fx.processor = e.call("/processor/token/create", map[string]any{"access_token": fx.access, "account_id": fx.account, "processor": "dwolla"}).ok(t)["processor_token"].(string)
	}
	if fx.public == "" || after == "/item/public_token/exchange" || after == "/exchange_token" {
		fx.public = e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"}}).ok(t)["public_token"].(string)
	}
	if fx.transfer == "" || strings.HasPrefix(after, "/transfer/") || strings.HasPrefix(after, "/sandbox/transfer/") {
		au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": fx.access, "account_id": fx.account, "type": "debit",
			"network": "ach", "ach_class": "web", "amount": "12.00", "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
		fx.authorization = au["id"].(string)
		tr := obj(e.call("/transfer/create", map[string]any{"access_token": fx.access, "account_id": fx.account, "authorization_id": fx.authorization, "description": "x"}).ok(t)["transfer"])
		fx.transfer = tr["id"].(string)
		e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": fx.transfer, "event_type": "posted"}).ok(t)
		e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": fx.transfer, "event_type": "settled"}).ok(t)
		fx.refund = obj(e.call("/transfer/refund/create", map[string]any{"transfer_id": fx.transfer, "amount": "1.00", "idempotency_key": "rf-" + fx.transfer}).ok(t)["refund"])["id"].(string)
		fx.sweep = obj(e.call("/transfer/ledger/deposit", map[string]any{"amount": "5.00", "network": "ach", "idempotency_key": "dep-" + fx.transfer}).ok(t)["sweep"])["id"].(string)
		fx.testClock = obj(e.call("/sandbox/transfer/test_clock/create", map[string]any{"virtual_time": "2026-01-15T10:00:00Z"}).ok(t)["test_clock"])["test_clock_id"].(string)
		fx.recurring = obj(e.call("/transfer/recurring/create", map[string]any{"access_token": fx.access, "account_id": fx.account, "idempotency_key": "rec-" + fx.transfer,
			"type": "debit", "network": "ach", "ach_class": "web", "amount": "2.00", "description": "weekly", "user": map[string]any{"legal_name": "A B"},
			"schedule": map[string]any{"interval_unit": "week", "interval_count": 1, "interval_execution_day": 1, "start_date": "2030-03-04"}}).ok(t)["recurring_transfer"])["recurring_transfer_id"].(string)
		fx.ledger = e.call("/transfer/ledger/get", map[string]any{}).ok(t)["ledger_id"].(string)
		fx.intent = obj(e.call("/transfer/intent/create", map[string]any{"mode": "PAYMENT", "amount": "3.00", "description": "x",
			"user": map[string]any{"legal_name": "A B"}}).ok(t)["transfer_intent"])["id"].(string)
		fx.withdrawal = obj(e.call("/transfer/ledger/withdraw", map[string]any{"amount": "1.00", "network": "ach", "idempotency_key": "wd-" + fx.transfer}).ok(t)["sweep"])["id"].(string)
		if fx.originator == "" {
			fx.originator = e.call("/transfer/originator/create", map[string]any{"company_name": "Acme"}).ok(t)["originator_client_id"].(string)
			e.call("/transfer/diligence/submit", map[string]any{"originator_client_id": fx.originator, "originator_diligence": map[string]any{}})
			fx.originatorLedger = e.call("/transfer/ledger/get", map[string]any{"originator_client_id": fx.originator}).ok(t)["ledger_id"].(string)
		}
	}
	if fx.bankTransfer == "" || strings.Contains(after, "/bank_transfer/") {
		fx.bankTransfer = obj(e.call("/bank_transfer/create", map[string]any{"idempotency_key": "bt-" + after, "access_token": fx.access, "account_id": fx.account,
			"type": "debit", "network": "ach", "amount": "1.00", "iso_currency_code": "USD", "description": "x", "ach_class": "web",
			"user": map[string]any{"legal_name": "A B"}}).ok(t)["bank_transfer"])["id"].(string)
	}
	if fx.userID == "" || after == "/user/remove" {
		fx.userID = e.call("/user/create", map[string]any{"client_user_id": "optional-fields-" + after}).body["user_id"].(string)
		legacy := http.Header{"Content-Type": {"application/json"}, "Plaid-New-User-API-Enabled": {"false"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret}}
		fx.userToken = e.do("POST", "/user/create", legacy, map[string]any{"client_user_id": "optional-fields-legacy-" + after}).body["user_token"].(string)
	}
	if fx.dynamicAccess == "" {
		dyn := e.link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
		fx.dynamicAccess = dyn.accessToken
	}
	if fx.microAccess == "" || after == "/sandbox/item/set_verification_status" {
		micro := e.link("ins_109512", []string{"auth"}, map[string]any{"override_username": "user_good", "override_password": "microdeposits_good"})
		fx.microAccess = micro.accessToken
		fx.microAccount = obj(list(e.call("/accounts/get", map[string]any{"access_token": micro.accessToken}).ok(t)["accounts"])[0])["account_id"].(string)
	}
	if fx.report == "" || after == "/asset_report/remove" {
		fx.report = e.call("/asset_report/create", map[string]any{"access_tokens": []string{fx.access}, "days_requested": 30}).ok(t)["asset_report_token"].(string)
	}
	if fx.auditCopy == "" || after == "/asset_report/audit_copy/remove" {
		fx.auditCopy = e.call("/asset_report/audit_copy/create", map[string]any{"asset_report_token": fx.report, "auditor_id": "auditor"}).ok(t)["audit_copy_token"].(string)
	}
	if fx.linkToken == "" {
		fx.linkToken = e.call("/link/token/create", map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}}).ok(t)["link_token"].(string)
	}
}

// known is the value of a field that names something: the fixture's real
// id for it.
func (fx *fieldFixture) known(path, name string) (any, bool) {
	switch name {
	case "access_token":
		return fx.access, true
	case "access_tokens":
		return []string{fx.access}, true
	case "account_id", "account_ids[]":
		return fx.account, true
	case "public_token":
		return fx.public, true
	case "processor_token":
		return fx.processor, true
	case "transfer_id":
		return fx.transfer, true
	case "authorization_id":
		return fx.authorization, true
	case "payment_profile_token":
		return fx.readyProfile(), true
	case "user_id":
		return fx.userID, true
	case "third_party_user_token":
		return fx.e.call("/user/third_party_token/create", map[string]any{"user_id": fx.userID, "third_party_client_id": "partner"}).ok(fx.e.tb)["third_party_user_token"], true
	case "user_token":
		return fx.userToken, true
	case "bank_transfer_id":
		return fx.bankTransfer, true
	case "transfer_intent_id", "intent_id":
		return fx.intent, true
	case "refund_id":
		return fx.refund, true
	case "sweep_id":
		return fx.sweep, true
	case "recurring_transfer_id":
		return fx.recurring, true
	case "test_clock_id":
		return fx.testClock, true
	case "asset_report_token":
		return fx.report, true
	case "audit_copy_token":
		return fx.auditCopy, true
	case "originator_client_id":
		return fx.originator, true
	case "ledger_id", "from_ledger_id", "to_ledger_id":
		return fx.ledger, true
	case "link_token":
		return fx.linkToken, true
	case "institution_id":
		return "ins_109508", true
	case "country_codes", "country_codes[]":
		if name == "country_codes" {
			return []string{"US"}, true
		}
		return "US", true
	case "webhook", "redirect_uri", "completion_redirect_uri":
		return "http://127.0.0.1:9/plaid", true
	case "amount":
		if strings.HasPrefix(path, "/transfer/") || strings.HasPrefix(path, "/sandbox/transfer/") || strings.Contains(path, "/bank_transfer/") {
			return "1.00", true
		}
	}
	return nil, false
}

// omit, from a path override, leaves the field out: the path takes one
// of two fields, not both.
type omitField struct{}

var omit = func(*fieldFixture) any { return omitField{} }

// pathOverrides are the fields whose valid value depends on the path's own
// meaning, which a value drawn from the schema cannot know: a cursor from
// a sync, an account awaiting micro-deposits, one of two either-or fields.
var pathOverrides = map[string]map[string]func(*fieldFixture) any{
	"/bank_transfer/migrate_account":       migrateNumbers,
	"/user/third_party_token/create":       {"expiration_time": func(*fieldFixture) any { return "2099-01-01T00:00:00Z" }, "user_token": omit},
	"/user/items/associate":                {"item_ids": func(fx *fieldFixture) any { return fx.userItem() }},
	"/user/items/remove":                   {"item_ids": func(fx *fieldFixture) any { return fx.userItem() }, "user_token": omit},
	"/sandbox/user/reset_login":            {"item_ids": func(fx *fieldFixture) any { return fx.userItem() }, "user_token": omit},
	"/cra/monitoring_insights/subscribe":   {"user_token": omit, "item_id": func(fx *fieldFixture) any { return fx.userItem()[0] }},
	"/cra/monitoring_insights/get":         {"user_token": omit},
	"/cra/monitoring_insights/unsubscribe": {"subscription_id": func(fx *fieldFixture) any { return fx.craSubscription() }},
	"/sandbox/cra/cashflow_updates/update": {"user_token": omit, "webhook_codes": func(*fieldFixture) any { return []string{"LOW_BALANCE_DETECTED"} }},
	"/sandbox/oauth/select_accounts":       {"oauth_state_id": func(fx *fieldFixture) any { return fx.oauthState() }},
	"/sandbox/user/fire_webhook": {"user_id": func(fx *fieldFixture) any { return fx.userID }, "webhook_type": func(*fieldFixture) any { return "CHECK_REPORT" },
		"webhook_code": func(*fieldFixture) any { return "USER_CHECK_REPORT_READY" }, "webhook": func(*fieldFixture) any { return "http://127.0.0.1:9/hook" }},
	"/sandbox/item/application/seed":       {"access_token": func(fx *fieldFixture) any { return fx.importedAccess() }},
	"/sandbox/transfer/repayment/simulate": {"": func(fx *fieldFixture) any { return fx.returnedGuarantee() }}, // no field: a return to repay
	"/transfer/repayment/return/list":      {"repayment_id": func(fx *fieldFixture) any { return fx.repayment() }},
	"/transfer/return/recover": {"transfer_id": func(fx *fieldFixture) any { return fx.returnedGuarantee() },
		"amount": func(*fieldFixture) any { return "1.00" }, "idempotency_key": func(*fieldFixture) any { return "recover-1" }},
	"/transfer/migrate_account":                   migrateNumbers,
	"/sandbox/bank_transfer/simulate":             {"event_type": func(*fieldFixture) any { return "posted" }},
	"/bank_transfer/sweep/get":                    {"sweep_id": func(fx *fieldFixture) any { return fx.bankTransferSweep() }},
	"/statements/download":                        {"statement_id": func(fx *fieldFixture) any { return fx.statementID() }},
	"/transactions/enrich":                        {"account_type": func(*fieldFixture) any { return "depository" }},
	"/transactions/sync":                          {"cursor": func(*fieldFixture) any { return "" }},
	"/processor/transactions/sync":                {"cursor": func(*fieldFixture) any { return "" }},
	"/sandbox/transactions/create":                {"access_token": func(fx *fieldFixture) any { return fx.dynamicAccess }},
	"/transfer/authorization/cancel":              {"authorization_id": func(fx *fieldFixture) any { return fx.freshAuthorization() }},
	"/transfer/authorization/create":              {"payment_profile_token": omit}, // a profile holds an Item of its own: TestPaymentProfiles sends it
	"/transfer/get":                               {"authorization_id": omit},
	"/transfer/ledger/get":                        {"originator_client_id": omit},
	"/transfer/ledger/event/list":                 {"originator_client_id": omit},
	"/sandbox/transfer/ledger/simulate_available": {"originator_client_id": omit},
	"/transfer/ledger/deposit":                    {"originator_client_id": omit},
	"/transfer/ledger/withdraw":                   {"originator_client_id": omit},
	"/sandbox/transfer/ledger/withdraw/simulate":  {"sweep_id": func(fx *fieldFixture) any { return fx.withdrawal }},
	"/transfer/ledger/distribute":                 {"to_ledger_id": func(fx *fieldFixture) any { return fx.originatorLedger }},
	"/transfer/platform/originator/create": {"tos_acceptance_metadata": func(*fieldFixture) any {
		return map[string]any{"agreement_accepted": true, "originator_ip_address": "127.0.0.1", "agreement_accepted_at": "2026-01-15T10:00:00Z"}
	}},
	"/sandbox/item/set_verification_status": {
		"access_token": func(fx *fieldFixture) any { return fx.microAccess },
		"account_id":   func(fx *fieldFixture) any { return fx.microAccount },
	},
}
