package transfer_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
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
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])
	acctID := acct["account_id"].(string)
	authorize := func(amount, key string) map[string]any {
		b := map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": "debit", "network": "ach", "ach_class": "web",
			"amount": amount, "user": map[string]any{"legal_name": "Anne Charleston"}}
		if key != "" {
			b["idempotency_key"] = key
		}
		return plaidtest.Obj(e.Call("/transfer/authorization/create", b).OK(t)["authorization"])
	}
	au := authorize("10.00", "k1")
	if au["decision"] != "approved" || au["decision_rationale"] != nil {
		t.Fatalf("authorization = %v", au)
	}
	if again := authorize("10.00", "k1"); again["id"] != au["id"] {
		t.Fatalf("the same idempotency_key made another authorization: %v", again["id"])
	}
	nsf := authorize("100000.00", "")
	if nsf["decision"] != "declined" || plaidtest.Obj(nsf["decision_rationale"])["code"] != "NSF" {
		t.Fatalf("a debit above the balance: %v", nsf)
	}
	create := func(authID string) plaidtest.Result {
		return e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": authID, "description": "payment"})
	}
	create(nsf["id"].(string)).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	tr := plaidtest.Obj(create(au["id"].(string)).OK(t)["transfer"])
	if tr["status"] != "pending" || tr["cancellable"] != true || tr["amount"] != "10.00" {
		t.Fatalf("transfer = %v", tr)
	}
	if again := plaidtest.Obj(create(au["id"].(string)).OK(t)["transfer"]); again["id"] != tr["id"] {
		t.Fatal("a second /transfer/create made another transfer")
	}
	id := tr["id"].(string)
	sim := func(event string) plaidtest.Result {
		return e.Call("/sandbox/transfer/simulate", map[string]any{"transfer_id": id, "event_type": event, "webhook": rv.URL})
	}
	sim("settled").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	for _, ev := range []string{"posted", "settled", "funds_available"} {
		sim(ev).OK(t)
	}
	sim("posted").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	e.Call("/transfer/cancel", map[string]any{"transfer_id": id}).PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_NOT_CANCELLABLE")
	rv.WaitFor(t, "TRANSFER_EVENTS_UPDATE")

	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	got, _, err := api.TransferGet(ctx).TransferGetRequest(*plaid.NewTransferGetRequest(id)).Execute()
	plaidtest.Must(t, "transfer/get", err)
	if string(got.Transfer.GetStatus()) != "funds_available" || got.Transfer.GetCancellable() {
		t.Fatalf("transfer after the journey: %s cancellable %v", got.Transfer.GetStatus(), got.Transfer.GetCancellable())
	}
	sync, _, err := api.TransferEventSync(ctx).TransferEventSyncRequest(*plaid.NewTransferEventSyncRequest(0)).Execute()
	plaidtest.Must(t, "transfer/event/sync", err)
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
	other := plaidtest.Obj(create(authorize("5.00", "")["id"].(string)).OK(t)["transfer"])
	e.Call("/transfer/cancel", map[string]any{"transfer_id": other["id"]}).OK(t)
	if st := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": other["id"]}).OK(t)["transfer"])["status"]; st != "cancelled" {
		t.Fatalf("cancelled transfer is %v", st)
	}
	e.Call("/transfer/get", map[string]any{"authorization_id": nsf["id"]}).PlaidErr(t, 404, "INVALID_REQUEST", "NOT_FOUND")
	e.Call("/sandbox/transfer/fire_webhook", map[string]any{"webhook": rv.URL}).OK(t)
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
	e := plaidtest.New(t, withState)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": "credit",
		"network": "same-day-ach", "ach_class": "ppd", "amount": "1.50", "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
	tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": au["id"], "description": "payout"}).OK(t)["transfer"])
	e.Call("/sandbox/transfer/simulate", map[string]any{"transfer_id": tr["id"], "event_type": "posted"}).OK(t)
	sweep := plaidtest.Obj(e.Call("/transfer/ledger/withdraw", map[string]any{"amount": "8.50", "idempotency_key": "w1", "network": "ach"}).OK(t)["sweep"])
	clock := plaidtest.Obj(e.Call("/sandbox/transfer/test_clock/create", map[string]any{"virtual_time": "2026-03-01T12:00:00Z"}).OK(t)["test_clock"])["test_clock_id"]
	rec := plaidtest.Obj(e.Call("/transfer/recurring/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "idempotency_key": "r",
		"type": "debit", "network": "ach", "ach_class": "web", "amount": "2.00", "description": "weekly", "test_clock_id": clock,
		"user": map[string]any{"legal_name": "A B"}, "schedule": map[string]any{"interval_unit": "week", "interval_count": 1, "interval_execution_day": 1, "start_date": "2026-03-02"}}).OK(t)["recurring_transfer"])["recurring_transfer_id"]
	e.Call("/sandbox/transfer/test_clock/advance", map[string]any{"test_clock_id": clock, "new_virtual_time": "2026-03-03T00:00:00Z"}).OK(t)
	orig := e.Call("/transfer/originator/create", map[string]any{"company_name": "Acme"}).OK(t)["originator_client_id"]
	e.Call("/transfer/diligence/submit", map[string]any{"originator_client_id": orig, "originator_diligence": map[string]any{
		"dba": "Acme", "tax_id": "12-3456789", "website": "https://example.com", "naics_code": "531110",
		"address":         map[string]any{"city": "SF", "country_code": "US", "postal_code": "94103", "region": "CA", "street": "1 Main St"},
		"funding_account": map[string]any{"access_token": it.AccessToken, "account_id": acctID}}}).OK(t)
	own := e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["ledger_id"]
	theirs := e.Call("/transfer/ledger/get", map[string]any{"originator_client_id": orig}).OK(t)["ledger_id"]
	e.Call("/transfer/ledger/distribute", map[string]any{"from_ledger_id": own, "to_ledger_id": theirs, "amount": "4.00", "idempotency_key": "d1"}).OK(t)
	read := func(e *plaidtest.Env) string {
		return string(plaidtest.MustJSON([]any{
			e.Call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).OK(t)["transfer"],
			e.Call("/transfer/event/sync", map[string]any{"after_id": 0}).OK(t)["transfer_events"],
			e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"],
			e.Call("/transfer/sweep/get", map[string]any{"sweep_id": sweep["id"]}).OK(t)["sweep"],
			e.Call("/sandbox/transfer/test_clock/get", map[string]any{"test_clock_id": clock}).OK(t)["test_clock"],
			e.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": rec}).OK(t)["recurring_transfer"],
			e.Call("/transfer/ledger/event/list", map[string]any{}).OK(t)["ledger_events"],
			e.Call("/transfer/originator/get", map[string]any{"originator_client_id": orig}).OK(t)["originator"],
			e.Call("/transfer/ledger/get", map[string]any{"originator_client_id": orig}).OK(t)["balance"],
		}))
	}
	before := read(e)
	events := plaidtest.List(e.Call("/transfer/event/sync", map[string]any{"after_id": 0}).OK(t)["transfer_events"])
	cursor := plaidtest.Obj(events[len(events)-1])["event_id"]
	if err := e.Srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := plaidtest.New(t, withState)
	if after := read(e2); after != before {
		t.Fatalf("after the restart:\n%s\nbefore:\n%s", after, before)
	}
	// The cursor still works, and new events follow it.
	e2.Call("/sandbox/transfer/simulate", map[string]any{"transfer_id": tr["id"], "event_type": "settled"}).OK(t)
	more := plaidtest.List(e2.Call("/transfer/event/sync", map[string]any{"after_id": cursor}).OK(t)["transfer_events"])
	if len(more) != 1 || plaidtest.Obj(more[0])["event_type"] != "settled" || plaidtest.Obj(more[0])["event_id"].(float64) != cursor.(float64)+1 {
		t.Fatalf("events after the cursor: %v", more)
	}
	e2.Call("/sandbox/transfer/test_clock/advance", map[string]any{"test_clock_id": clock, "new_virtual_time": "2026-03-10T00:00:00Z"}).OK(t)
	if ids := plaidtest.List(plaidtest.Obj(e2.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": rec}).OK(t)["recurring_transfer"])["transfer_ids"]); len(ids) != 2 {
		t.Fatalf("%d originations after advancing past the restart, want 2", len(ids))
	}
	// A distribution's idempotency_key is remembered across the restart too.
	e2.Call("/transfer/ledger/distribute", map[string]any{"from_ledger_id": own, "to_ledger_id": theirs, "amount": "4.00", "idempotency_key": "d1"}).OK(t)
	if got := plaidtest.Obj(e2.Call("/transfer/ledger/get", map[string]any{"originator_client_id": orig}).OK(t)["balance"])["available"]; got != "4.00" {
		t.Fatalf("the originator's Ledger holds %v after a repeated distribution, want 4.00", got)
	}
}

// Sandbox's magic amounts move a transfer along at once; /transfer/list
// and /transfer/event/list page and filter, newest first.
func TestTransferMagicAmountsAndLists(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	transfer := func(amount string) map[string]any {
		au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": "debit",
			"network": "ach", "ach_class": "web", "amount": amount, "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
		return plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).OK(t)["transfer"])
	}
	for amount, want := range map[string]string{"11.11": "funds_available", "22.22": "failed", "44.44": "returned", "66.66": "returned", "12.00": "pending"} {
		tr := transfer(amount)
		got := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).OK(t)["transfer"])
		if got["status"] != want {
			t.Errorf("$%s: %v, want %s", amount, got["status"], want)
		}
		fr := plaidtest.Obj(got["failure_reason"])
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
	listed := plaidtest.List(e.Call("/transfer/list", map[string]any{}).OK(t)["transfers"])
	if len(listed) != 5 {
		t.Fatalf("%d transfers listed, want 5", len(listed))
	}
	for _, tr := range listed {
		if plaidtest.Obj(tr)["amount"] == "44.44" && plaidtest.Obj(plaidtest.Obj(tr)["failure_reason"])["failure_code"] != "R02" {
			t.Errorf("$44.44 listed with %v, want R02", plaidtest.Obj(tr)["failure_reason"])
		}
	}
	page := plaidtest.List(e.Call("/transfer/list", map[string]any{"count": 2, "offset": 1}).OK(t)["transfers"])
	if len(page) != 2 {
		t.Fatalf("count 2 offset 1: %d transfers", len(page))
	}
	evs := e.Call("/transfer/event/list", map[string]any{"event_types": []string{"returned"}}).OK(t)
	if n := len(plaidtest.List(evs["transfer_events"])); n != 2 {
		t.Fatalf("%d returned events, want 2", n)
	}
	all := e.Call("/transfer/event/list", map[string]any{"count": 3}).OK(t)
	if len(plaidtest.List(all["transfer_events"])) != 3 || all["has_more"] != true {
		t.Fatalf("latest 3 events: %.300s", plaidtest.MustJSON(all))
	}
	e.Call("/transfer/list", map[string]any{"count": 26}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// The Ledger starts at $100 available and moves with transfers: a debit
// adds to pending until its funds are available, a credit takes from
// available at once and is declined NSF beyond it.
func TestTransferLedger(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	balance := func() (string, string) {
		b := plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])
		return b["available"].(string), b["pending"].(string)
	}
	if av, pe := balance(); av != "100.00" || pe != "0.00" {
		t.Fatalf("a new Ledger: available %s pending %s", av, pe)
	}
	move := func(typ, amount string) (map[string]any, map[string]any) {
		au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": typ,
			"network": "ach", "ach_class": "ppd", "amount": amount, "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
		if au["decision"] != "approved" {
			return au, nil
		}
		return au, plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).OK(t)["transfer"])
	}
	_, debit := move("debit", "25.00")
	if av, pe := balance(); av != "100.00" || pe != "25.00" {
		t.Fatalf("after a $25 debit: available %s pending %s", av, pe)
	}
	for _, ev := range []string{"posted", "settled"} {
		e.Call("/sandbox/transfer/simulate", map[string]any{"transfer_id": debit["id"], "event_type": ev}).OK(t)
	}
	e.Call("/sandbox/transfer/ledger/simulate_available", map[string]any{}).OK(t)
	if av, pe := balance(); av != "125.00" || pe != "0.00" {
		t.Fatalf("after simulate_available: available %s pending %s", av, pe)
	}
	if st := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": debit["id"]}).OK(t)["transfer"])["status"]; st != "funds_available" {
		t.Fatalf("the settled debit is %v after simulate_available", st)
	}
	if _, credit := move("credit", "20.00"); credit == nil {
		t.Fatal("a $20 credit against $125 was not approved")
	}
	if av, _ := balance(); av != "105.00" {
		t.Fatalf("after a $20 credit: available %s", av)
	}
	if au, _ := move("credit", "500.00"); au["decision"] != "declined" || plaidtest.Obj(au["decision_rationale"])["code"] != "NSF" {
		t.Fatalf("a credit beyond the Ledger: %v", au)
	}
	// The Ledger's history, newest first: the credit, the debit's funds, the debit.
	evs := plaidtest.List(e.Call("/transfer/ledger/event/list", map[string]any{"source_type": "TRANSFER"}).OK(t)["ledger_events"])
	if len(evs) != 3 {
		t.Fatalf("%d ledger events, want 3: %v", len(evs), evs)
	}
	newest, oldest := plaidtest.Obj(evs[0]), plaidtest.Obj(evs[2])
	if newest["amount"] != "-20.00" || newest["available_balance"] != "105.00" || oldest["amount"] != "25.00" || oldest["pending_balance"] != "25.00" ||
		oldest["transfer_id"] != debit["id"] {
		t.Fatalf("ledger events: newest %v, oldest %v", newest, oldest)
	}
	if n := len(plaidtest.List(e.Call("/transfer/ledger/event/list", map[string]any{"source_type": "SWEEP"}).OK(t)["ledger_events"])); n != 0 {
		t.Fatalf("%d sweep ledger events, want none", n)
	}
}

// Deposits and withdrawals: sweeps that move the Ledger, simulated along
// their own states, in the event feed, gettable by id or its first 8
// characters, and listed.
func TestTransferSweeps(t *testing.T) {
	e := plaidtest.New(t)
	balance := func() (string, string) {
		b := plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])
		return b["available"].(string), b["pending"].(string)
	}
	dep := plaidtest.Obj(e.Call("/transfer/ledger/deposit", map[string]any{"amount": "50.00", "idempotency_key": "d1", "network": "ach"}).OK(t)["sweep"])
	if dep["amount"] != "-50.00" || dep["status"] != "pending" {
		t.Fatalf("deposit = %v", dep)
	}
	if again := plaidtest.Obj(e.Call("/transfer/ledger/deposit", map[string]any{"amount": "50.00", "idempotency_key": "d1", "network": "ach"}).OK(t)["sweep"]); again["id"] != dep["id"] {
		t.Fatal("the same idempotency_key made another deposit")
	}
	if av, pe := balance(); av != "100.00" || pe != "50.00" {
		t.Fatalf("after a $50 deposit: %s / %s", av, pe)
	}
	simDep := func(ev string) plaidtest.Result {
		return e.Call("/sandbox/transfer/ledger/deposit/simulate", map[string]any{"sweep_id": dep["id"], "event_type": ev})
	}
	simDep("sweep.settled").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	simDep("sweep.posted").OK(t)
	simDep("sweep.settled").OK(t)
	e.Call("/sandbox/transfer/ledger/simulate_available", map[string]any{}).OK(t)
	if av, pe := balance(); av != "150.00" || pe != "0.00" {
		t.Fatalf("after the deposit is available: %s / %s", av, pe)
	}
	e.Call("/transfer/ledger/withdraw", map[string]any{"amount": "500.00", "idempotency_key": "w0", "network": "ach"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	wd := plaidtest.Obj(e.Call("/transfer/ledger/withdraw", map[string]any{"amount": "30.00", "idempotency_key": "w1", "network": "ach"}).OK(t)["sweep"])
	e.Call("/sandbox/transfer/ledger/withdraw/simulate", map[string]any{"sweep_id": wd["id"], "event_type": "sweep.failed"}).OK(t)
	if av, _ := balance(); av != "150.00" {
		t.Fatalf("after a failed $30 withdrawal: %s", av)
	}
	got := plaidtest.Obj(e.Call("/transfer/sweep/get", map[string]any{"sweep_id": dep["id"].(string)[:8]}).OK(t)["sweep"])
	if got["id"] != dep["id"] || got["status"] != "funds_available" || got["settled"] == nil {
		t.Fatalf("sweep/get by prefix = %v", got)
	}
	if n := len(plaidtest.List(e.Call("/transfer/sweep/list", map[string]any{"status": "failed"}).OK(t)["sweeps"])); n != 1 {
		t.Fatalf("%d failed sweeps listed, want 1", n)
	}
	evs := plaidtest.List(e.Call("/transfer/event/sync", map[string]any{"after_id": 0}).OK(t)["transfer_events"])
	var types []string
	for _, ev := range evs {
		types = append(types, plaidtest.Obj(ev)["event_type"].(string))
	}
	if want := "[sweep.pending sweep.posted sweep.settled sweep.funds_available sweep.pending sweep.failed]"; fmtList(types) != want {
		t.Fatalf("events %v, want %s", types, want)
	}
}

// Link with products auth and transfer (Plaid Quickstart's Transfer mode)
// opens on the US banks, and the Item can be authorized against.
func TestLinkWithTransfer(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth", "transfer"}, nil)
	got := plaidtest.Obj(e.Call("/item/get", map[string]any{"access_token": it.AccessToken}).OK(t)["item"])
	if !slices.Contains(plaidtest.Strings(got["billed_products"]), "transfer") {
		t.Fatalf("billed_products %v lack transfer", got["billed_products"])
	}
	// Link with products [transfer] alone offers only the accounts money
	// can move with: user_good's checking, savings and cash management.
	lt := e.LinkToken(map[string]any{"products": []string{"transfer"}})
	var names []string
	for _, a := range plaidtest.List(plaidtest.Obj(e.CompleteLink(map[string]any{"link_token": lt}).OK(t)["metadata"])["accounts"]) {
		names = append(names, plaidtest.Obj(a)["name"].(string))
	}
	if fmtList(names) != "[Plaid Checking Plaid Saving Plaid Cash Management]" {
		t.Fatalf("Link for transfer offered %v", names)
	}
	// An Item made without Link has every account: a CD or a credit card
	// cannot be authorized, nor a web or tel credit.
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	authorize := func(acct any, typ, class string) plaidtest.Result {
		return e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": typ,
			"network": "ach", "ach_class": class, "amount": "1.00", "user": map[string]any{"legal_name": "A B"}})
	}
	for _, i := range []int{2, 3} { // Plaid CD, Plaid Credit Card
		authorize(plaidtest.Obj(accts[i])["account_id"], "debit", "web").PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_UNSUPPORTED_ACCOUNT_TYPE")
	}
	checking := plaidtest.Obj(accts[0])["account_id"]
	for _, class := range []string{"web", "tel"} {
		authorize(checking, "credit", class).PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_FORBIDDEN_ACH_CLASS")
	}
	for _, class := range []string{"ccd", "ppd"} {
		authorize(checking, "credit", class).OK(t)
	}
}
