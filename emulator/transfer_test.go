package emulator_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestTransferJourney: an approved debit becomes a transfer that Sandbox's
// simulation moves pending → posted → settled → funds_available, each step
// an event in /transfer/event/sync (read with plaid-go); an incompatible
// simulation is Plaid's SANDBOX error; a debit above the available balance
// is declined NSF and cannot make a transfer; a repeat of /transfer/create
// returns the same transfer; only a pending transfer can be cancelled; and
// TRANSFER_EVENTS_UPDATE reaches the simulate request's webhook.
func TestTransferJourney(t *testing.T) {
	e := newEnv(t)
	rv := newReceiver(e)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])
	acctID := acct["account_id"].(string)
	authorize := func(amount, key string) map[string]any {
		b := map[string]any{"access_token": it.accessToken, "account_id": acctID, "type": "debit", "network": "ach", "ach_class": "web",
			"amount": amount, "user": map[string]any{"legal_name": "Anne Charleston"}}
		if key != "" {
			b["idempotency_key"] = key
		}
		return obj(e.call("/transfer/authorization/create", b).ok(t)["authorization"])
	}
	au := authorize("10.00", "k1")
	if au["decision"] != "approved" || au["decision_rationale"] != nil {
		t.Fatalf("authorization = %v", au)
	}
	if again := authorize("10.00", "k1"); again["id"] != au["id"] {
		t.Fatalf("the same idempotency_key made another authorization: %v", again["id"])
	}
	nsf := authorize("100000.00", "")
	if nsf["decision"] != "declined" || obj(nsf["decision_rationale"])["code"] != "NSF" {
		t.Fatalf("a debit above the balance: %v", nsf)
	}
	create := func(authID string) result {
		return e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "authorization_id": authID, "description": "payment"})
	}
	create(nsf["id"].(string)).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	tr := obj(create(au["id"].(string)).ok(t)["transfer"])
	if tr["status"] != "pending" || tr["cancellable"] != true || tr["amount"] != "10.00" {
		t.Fatalf("transfer = %v", tr)
	}
	if again := obj(create(au["id"].(string)).ok(t)["transfer"]); again["id"] != tr["id"] {
		t.Fatal("a second /transfer/create made another transfer")
	}
	id := tr["id"].(string)
	sim := func(event string) result {
		return e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": id, "event_type": event, "webhook": rv.url})
	}
	sim("settled").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	for _, ev := range []string{"posted", "settled", "funds_available"} {
		sim(ev).ok(t)
	}
	sim("posted").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	e.call("/transfer/cancel", map[string]any{"transfer_id": id}).plaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_NOT_CANCELLABLE")
	rv.waitFor(t, "TRANSFER_EVENTS_UPDATE")

	api := e.plaidClient().PlaidApi
	ctx := context.Background()
	got, _, err := api.TransferGet(ctx).TransferGetRequest(*plaid.NewTransferGetRequest(id)).Execute()
	must(t, "transfer/get", err)
	if string(got.Transfer.GetStatus()) != "funds_available" || got.Transfer.GetCancellable() {
		t.Fatalf("transfer after the journey: %s cancellable %v", got.Transfer.GetStatus(), got.Transfer.GetCancellable())
	}
	sync, _, err := api.TransferEventSync(ctx).TransferEventSyncRequest(*plaid.NewTransferEventSyncRequest(0)).Execute()
	must(t, "transfer/event/sync", err)
	var types []string
	for _, ev := range sync.GetTransferEvents() {
		types = append(types, string(ev.GetEventType()))
	}
	if want := "[pending posted settled funds_available]"; fmtList(types) != want {
		t.Fatalf("events %v, want %s", types, want)
	}
	last := sync.GetTransferEvents()[len(types)-1].GetEventId()
	if more, _, _ := api.TransferEventSync(ctx).TransferEventSyncRequest(*plaid.NewTransferEventSyncRequest(last)).Execute(); len(more.GetTransferEvents()) != 0 {
		t.Fatalf("events after the last one: %d", len(more.GetTransferEvents()))
	}

	// A second transfer is cancelled while pending.
	other := obj(create(authorize("5.00", "")["id"].(string)).ok(t)["transfer"])
	e.call("/transfer/cancel", map[string]any{"transfer_id": other["id"]}).ok(t)
	if st := obj(e.call("/transfer/get", map[string]any{"transfer_id": other["id"]}).ok(t)["transfer"])["status"]; st != "cancelled" {
		t.Fatalf("cancelled transfer is %v", st)
	}
	e.call("/transfer/get", map[string]any{"authorization_id": nsf["id"]}).plaidErr(t, 404, "INVALID_REQUEST", "NOT_FOUND")
	e.call("/sandbox/transfer/fire_webhook", map[string]any{"webhook": rv.url}).ok(t)
}

func fmtList(l []string) string {
	out := "["
	for i, s := range l {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out + "]"
}

// Transfers, events, the event cursor, the Ledger, sweeps, test clocks and
// recurring transfers are kept with --state: after a restart each reads as
// before, new events continue the ids, and a clock advanced afterwards
// originates from where its schedule was.
func TestTransfersSurviveRestart(t *testing.T) {
	path := t.TempDir() + "/state.db"
	withState := func(o *emulator.Options) { o.StateFile = path }
	e := newEnv(t, withState)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acctID := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "type": "credit",
		"network": "same-day-ach", "ach_class": "ppd", "amount": "1.50", "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
	tr := obj(e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "authorization_id": au["id"], "description": "payout"}).ok(t)["transfer"])
	e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": tr["id"], "event_type": "posted"}).ok(t)
	sweep := obj(e.call("/transfer/ledger/withdraw", map[string]any{"amount": "8.50", "idempotency_key": "w1", "network": "ach"}).ok(t)["sweep"])
	clock := obj(e.call("/sandbox/transfer/test_clock/create", map[string]any{"virtual_time": "2026-03-01T12:00:00Z"}).ok(t)["test_clock"])["test_clock_id"]
	rec := obj(e.call("/transfer/recurring/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "idempotency_key": "r",
		"type": "debit", "network": "ach", "ach_class": "web", "amount": "2.00", "description": "weekly", "test_clock_id": clock,
		"user": map[string]any{"legal_name": "A B"}, "schedule": map[string]any{"interval_unit": "week", "interval_count": 1, "interval_execution_day": 1, "start_date": "2026-03-02"}}).ok(t)["recurring_transfer"])["recurring_transfer_id"]
	e.call("/sandbox/transfer/test_clock/advance", map[string]any{"test_clock_id": clock, "new_virtual_time": "2026-03-03T00:00:00Z"}).ok(t)
	orig := e.call("/transfer/originator/create", map[string]any{"company_name": "Acme"}).ok(t)["originator_client_id"]
	e.call("/transfer/diligence/submit", map[string]any{"originator_client_id": orig, "originator_diligence": map[string]any{
		"dba": "Acme", "tax_id": "12-3456789", "website": "https://example.com", "naics_code": "531110",
		"address":         map[string]any{"city": "SF", "country_code": "US", "postal_code": "94103", "region": "CA", "street": "1 Main St"},
		"funding_account": map[string]any{"access_token": it.accessToken, "account_id": acctID}}}).ok(t)
	own := e.call("/transfer/ledger/get", map[string]any{}).ok(t)["ledger_id"]
	theirs := e.call("/transfer/ledger/get", map[string]any{"originator_client_id": orig}).ok(t)["ledger_id"]
	e.call("/transfer/ledger/distribute", map[string]any{"from_ledger_id": own, "to_ledger_id": theirs, "amount": "4.00", "idempotency_key": "d1"}).ok(t)
	read := func(e *env) string {
		return string(mustJSON([]any{
			e.call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).ok(t)["transfer"],
			e.call("/transfer/event/sync", map[string]any{"after_id": 0}).ok(t)["transfer_events"],
			e.call("/transfer/ledger/get", map[string]any{}).ok(t)["balance"],
			e.call("/transfer/sweep/get", map[string]any{"sweep_id": sweep["id"]}).ok(t)["sweep"],
			e.call("/sandbox/transfer/test_clock/get", map[string]any{"test_clock_id": clock}).ok(t)["test_clock"],
			e.call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": rec}).ok(t)["recurring_transfer"],
			e.call("/transfer/ledger/event/list", map[string]any{}).ok(t)["ledger_events"],
			e.call("/transfer/originator/get", map[string]any{"originator_client_id": orig}).ok(t)["originator"],
			e.call("/transfer/ledger/get", map[string]any{"originator_client_id": orig}).ok(t)["balance"],
		}))
	}
	before := read(e)
	events := list(e.call("/transfer/event/sync", map[string]any{"after_id": 0}).ok(t)["transfer_events"])
	cursor := obj(events[len(events)-1])["event_id"]
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, withState)
	if after := read(e2); after != before {
		t.Fatalf("after the restart:\n%s\nbefore:\n%s", after, before)
	}
	// The cursor still works, and new events follow it.
	e2.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": tr["id"], "event_type": "settled"}).ok(t)
	more := list(e2.call("/transfer/event/sync", map[string]any{"after_id": cursor}).ok(t)["transfer_events"])
	if len(more) != 1 || obj(more[0])["event_type"] != "settled" || obj(more[0])["event_id"].(float64) != cursor.(float64)+1 {
		t.Fatalf("events after the cursor: %v", more)
	}
	e2.call("/sandbox/transfer/test_clock/advance", map[string]any{"test_clock_id": clock, "new_virtual_time": "2026-03-10T00:00:00Z"}).ok(t)
	if ids := list(obj(e2.call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": rec}).ok(t)["recurring_transfer"])["transfer_ids"]); len(ids) != 2 {
		t.Fatalf("%d originations after advancing past the restart, want 2", len(ids))
	}
	// A distribution's idempotency_key is remembered across the restart too.
	e2.call("/transfer/ledger/distribute", map[string]any{"from_ledger_id": own, "to_ledger_id": theirs, "amount": "4.00", "idempotency_key": "d1"}).ok(t)
	if got := obj(e2.call("/transfer/ledger/get", map[string]any{"originator_client_id": orig}).ok(t)["balance"])["available"]; got != "4.00" {
		t.Fatalf("the originator's Ledger holds %v after a repeated distribution, want 4.00", got)
	}
}

// Sandbox's magic amounts move a transfer along at once; /transfer/list
// and /transfer/event/list page and filter, newest first.
func TestTransferMagicAmountsAndLists(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acctID := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	transfer := func(amount string) map[string]any {
		au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "type": "debit",
			"network": "ach", "ach_class": "web", "amount": amount, "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
		return obj(e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).ok(t)["transfer"])
	}
	for amount, want := range map[string]string{"11.11": "funds_available", "22.22": "failed", "44.44": "returned", "66.66": "returned", "12.00": "pending"} {
		tr := transfer(amount)
		got := obj(e.call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).ok(t)["transfer"])
		if got["status"] != want {
			t.Errorf("$%s: %v, want %s", amount, got["status"], want)
		}
		fr := obj(got["failure_reason"])
		switch want {
		case "returned":
			if fr["failure_code"] == nil || fr["failure_code"] != fr["ach_return_code"] {
				t.Errorf("$%s: failure_reason %v, want a return code", amount, fr)
			}
		case "failed":
			if fr == nil || fr["failure_code"] != nil {
				t.Errorf("$%s: failure_reason %v, want one without a code", amount, fr)
			}
		default:
			if got["failure_reason"] != nil {
				t.Errorf("$%s: failure_reason %v", amount, fr)
			}
		}
	}
	listed := list(e.call("/transfer/list", map[string]any{}).ok(t)["transfers"])
	if len(listed) != 5 {
		t.Fatalf("%d transfers listed, want 5", len(listed))
	}
	for _, tr := range listed {
		if obj(tr)["amount"] == "44.44" && obj(obj(tr)["failure_reason"])["failure_code"] != "R02" {
			t.Errorf("$44.44 listed with %v, want R02", obj(tr)["failure_reason"])
		}
	}
	page := list(e.call("/transfer/list", map[string]any{"count": 2, "offset": 1}).ok(t)["transfers"])
	if len(page) != 2 {
		t.Fatalf("count 2 offset 1: %d transfers", len(page))
	}
	evs := e.call("/transfer/event/list", map[string]any{"event_types": []string{"returned"}}).ok(t)
	if n := len(list(evs["transfer_events"])); n != 2 {
		t.Fatalf("%d returned events, want 2", n)
	}
	all := e.call("/transfer/event/list", map[string]any{"count": 3}).ok(t)
	if len(list(all["transfer_events"])) != 3 || all["has_more"] != true {
		t.Fatalf("latest 3 events: %.300s", mustJSON(all))
	}
	e.call("/transfer/list", map[string]any{"count": 26}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// The Ledger starts at $100 available and moves with transfers: a debit
// adds to pending until its funds are available, a credit takes from
// available at once and is declined NSF beyond it.
func TestTransferLedger(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acctID := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	balance := func() (string, string) {
		b := obj(e.call("/transfer/ledger/get", map[string]any{}).ok(t)["balance"])
		return b["available"].(string), b["pending"].(string)
	}
	if av, pe := balance(); av != "100.00" || pe != "0.00" {
		t.Fatalf("a new Ledger: available %s pending %s", av, pe)
	}
	move := func(typ, amount string) (map[string]any, map[string]any) {
		au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "type": typ,
			"network": "ach", "ach_class": "ppd", "amount": amount, "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
		if au["decision"] != "approved" {
			return au, nil
		}
		return au, obj(e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).ok(t)["transfer"])
	}
	_, debit := move("debit", "25.00")
	if av, pe := balance(); av != "100.00" || pe != "25.00" {
		t.Fatalf("after a $25 debit: available %s pending %s", av, pe)
	}
	for _, ev := range []string{"posted", "settled"} {
		e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": debit["id"], "event_type": ev}).ok(t)
	}
	e.call("/sandbox/transfer/ledger/simulate_available", map[string]any{}).ok(t)
	if av, pe := balance(); av != "125.00" || pe != "0.00" {
		t.Fatalf("after simulate_available: available %s pending %s", av, pe)
	}
	if st := obj(e.call("/transfer/get", map[string]any{"transfer_id": debit["id"]}).ok(t)["transfer"])["status"]; st != "funds_available" {
		t.Fatalf("the settled debit is %v after simulate_available", st)
	}
	if _, credit := move("credit", "20.00"); credit == nil {
		t.Fatal("a $20 credit against $125 was not approved")
	}
	if av, _ := balance(); av != "105.00" {
		t.Fatalf("after a $20 credit: available %s", av)
	}
	if au, _ := move("credit", "500.00"); au["decision"] != "declined" || obj(au["decision_rationale"])["code"] != "NSF" {
		t.Fatalf("a credit beyond the Ledger: %v", au)
	}
	// The Ledger's history, newest first: the credit, the debit's funds, the debit.
	evs := list(e.call("/transfer/ledger/event/list", map[string]any{"source_type": "TRANSFER"}).ok(t)["ledger_events"])
	if len(evs) != 3 {
		t.Fatalf("%d ledger events, want 3: %v", len(evs), evs)
	}
	newest, oldest := obj(evs[0]), obj(evs[2])
	if newest["amount"] != "-20.00" || newest["available_balance"] != "105.00" || oldest["amount"] != "25.00" || oldest["pending_balance"] != "25.00" ||
		oldest["transfer_id"] != debit["id"] {
		t.Fatalf("ledger events: newest %v, oldest %v", newest, oldest)
	}
	if n := len(list(e.call("/transfer/ledger/event/list", map[string]any{"source_type": "SWEEP"}).ok(t)["ledger_events"])); n != 0 {
		t.Fatalf("%d sweep ledger events, want none", n)
	}
}

// Deposits and withdrawals: sweeps that move the Ledger, simulated along
// their own states, in the event feed, gettable by id or its first 8
// characters, and listed.
func TestTransferSweeps(t *testing.T) {
	e := newEnv(t)
	balance := func() (string, string) {
		b := obj(e.call("/transfer/ledger/get", map[string]any{}).ok(t)["balance"])
		return b["available"].(string), b["pending"].(string)
	}
	dep := obj(e.call("/transfer/ledger/deposit", map[string]any{"amount": "50.00", "idempotency_key": "d1", "network": "ach"}).ok(t)["sweep"])
	if dep["amount"] != "-50.00" || dep["status"] != "pending" {
		t.Fatalf("deposit = %v", dep)
	}
	if again := obj(e.call("/transfer/ledger/deposit", map[string]any{"amount": "50.00", "idempotency_key": "d1", "network": "ach"}).ok(t)["sweep"]); again["id"] != dep["id"] {
		t.Fatal("the same idempotency_key made another deposit")
	}
	if av, pe := balance(); av != "100.00" || pe != "50.00" {
		t.Fatalf("after a $50 deposit: %s / %s", av, pe)
	}
	simDep := func(ev string) result {
		return e.call("/sandbox/transfer/ledger/deposit/simulate", map[string]any{"sweep_id": dep["id"], "event_type": ev})
	}
	simDep("sweep.settled").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	simDep("sweep.posted").ok(t)
	simDep("sweep.settled").ok(t)
	e.call("/sandbox/transfer/ledger/simulate_available", map[string]any{}).ok(t)
	if av, pe := balance(); av != "150.00" || pe != "0.00" {
		t.Fatalf("after the deposit is available: %s / %s", av, pe)
	}
	e.call("/transfer/ledger/withdraw", map[string]any{"amount": "500.00", "idempotency_key": "w0", "network": "ach"}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	wd := obj(e.call("/transfer/ledger/withdraw", map[string]any{"amount": "30.00", "idempotency_key": "w1", "network": "ach"}).ok(t)["sweep"])
	e.call("/sandbox/transfer/ledger/withdraw/simulate", map[string]any{"sweep_id": wd["id"], "event_type": "sweep.failed"}).ok(t)
	if av, _ := balance(); av != "150.00" {
		t.Fatalf("after a failed $30 withdrawal: %s", av)
	}
	got := obj(e.call("/transfer/sweep/get", map[string]any{"sweep_id": dep["id"].(string)[:8]}).ok(t)["sweep"])
	if got["id"] != dep["id"] || got["status"] != "funds_available" || got["settled"] == nil {
		t.Fatalf("sweep/get by prefix = %v", got)
	}
	if n := len(list(e.call("/transfer/sweep/list", map[string]any{"status": "failed"}).ok(t)["sweeps"])); n != 1 {
		t.Fatalf("%d failed sweeps listed, want 1", n)
	}
	evs := list(e.call("/transfer/event/sync", map[string]any{"after_id": 0}).ok(t)["transfer_events"])
	var types []string
	for _, ev := range evs {
		types = append(types, obj(ev)["event_type"].(string))
	}
	if want := "[sweep.pending sweep.posted sweep.settled sweep.funds_available sweep.pending sweep.failed]"; fmtList(types) != want {
		t.Fatalf("events %v, want %s", types, want)
	}
}

// Link with products auth and transfer (Plaid Quickstart's Transfer mode)
// opens on the US banks, and the Item can be authorized against.
func TestLinkWithTransfer(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth", "transfer"}, nil)
	got := obj(e.call("/item/get", map[string]any{"access_token": it.accessToken}).ok(t)["item"])
	if !slices.Contains(toStrings(got["billed_products"]), "transfer") {
		t.Fatalf("billed_products %v lack transfer", got["billed_products"])
	}
	// Link with products [transfer] alone offers only the accounts money
	// can move with: user_good's checking, savings and cash management.
	lt := e.linkToken(map[string]any{"products": []string{"transfer"}})
	var names []string
	for _, a := range list(obj(e.completeLink(map[string]any{"link_token": lt}).ok(t)["metadata"])["accounts"]) {
		names = append(names, obj(a)["name"].(string))
	}
	if fmtList(names) != "[Plaid Checking Plaid Saving Plaid Cash Management]" {
		t.Fatalf("Link for transfer offered %v", names)
	}
	// An Item made without Link has every account: a CD or a credit card
	// cannot be authorized, nor a web or tel credit.
	accts := list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])
	authorize := func(acct any, typ, class string) result {
		return e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "type": typ,
			"network": "ach", "ach_class": class, "amount": "1.00", "user": map[string]any{"legal_name": "A B"}})
	}
	for _, i := range []int{2, 3} { // Plaid CD, Plaid Credit Card
		authorize(obj(accts[i])["account_id"], "debit", "web").plaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_UNSUPPORTED_ACCOUNT_TYPE")
	}
	checking := obj(accts[0])["account_id"]
	for _, class := range []string{"web", "tel"} {
		authorize(checking, "credit", class).plaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_FORBIDDEN_ACH_CLASS")
	}
	for _, class := range []string{"ccd", "ppd"} {
		authorize(checking, "credit", class).ok(t)
	}
}
