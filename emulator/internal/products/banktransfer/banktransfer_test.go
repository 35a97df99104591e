package banktransfer_test

import (
	"context"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestBankTransferJourneyThroughPlaidGo: a credit made by plaid-go is
// pending, cancellable and read back identical by get and list; the same
// idempotency_key gives it again; posted, it cannot be cancelled; reversed
// with R02 it carries the code; a debit posted adds to the balance. The
// events (none at creation) are numbered 1, 2, 3 for this client, synced
// oldest first and listed newest first, and another client sees none.
func TestBankTransferJourneyThroughPlaidGo(t *testing.T) {
	e := plaidtest.New(t)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	create := func(typ plaid.BankTransferType, amount, key string) plaid.BankTransfer {
		t.Helper()
		req := plaid.NewBankTransferCreateRequest(key, it.AccessToken, acct, typ, plaid.BANKTRANSFERNETWORK_ACH, amount, "USD", "test",
			*plaid.NewBankTransferUser("Firstname Lastname"))
		req.SetAchClass(plaid.ACHCLASS_PPD)
		got, _, err := api.BankTransferCreate(ctx).BankTransferCreateRequest(*req).Execute()
		plaidtest.Must(t, "bank_transfer/create", err)
		return got.BankTransfer
	}
	simulate := func(id, event, code string) {
		t.Helper()
		req := plaid.NewSandboxBankTransferSimulateRequest(id, event)
		if code != "" {
			f := plaid.NewBankTransferFailure()
			f.SetAchReturnCode(code)
			req.SetFailureReason(*f)
		}
		_, _, err := api.SandboxBankTransferSimulate(ctx).SandboxBankTransferSimulateRequest(*req).Execute()
		plaidtest.Must(t, "sandbox/bank_transfer/simulate "+event, err)
	}
	balance := func(want string) {
		t.Helper()
		got, _, err := api.BankTransferBalanceGet(ctx).BankTransferBalanceGetRequest(*plaid.NewBankTransferBalanceGetRequest()).Execute()
		plaidtest.Must(t, "bank_transfer/balance/get", err)
		if got.Balance.Available != want || got.Balance.Transactable != want {
			t.Fatalf("balance %+v, want %s", got.Balance, want)
		}
	}

	credit := create(plaid.BANKTRANSFERTYPE_CREDIT, "1.00", "key-1")
	if credit.Status != plaid.BANKTRANSFERSTATUS_PENDING || !credit.Cancellable || credit.Amount != "1.00" || credit.User.GetRoutingNumber() != "011401533" ||
		credit.GetDirection() != plaid.BANKTRANSFERDIRECTION_OUTBOUND || credit.OriginationAccountId == "" {
		t.Fatalf("new credit: %+v", credit)
	}
	if again := create(plaid.BANKTRANSFERTYPE_CREDIT, "9.00", "key-1"); again.Id != credit.Id || again.Amount != "1.00" {
		t.Fatalf("the same key made %s for %s", again.Id, again.Amount)
	}
	got, _, err := api.BankTransferGet(ctx).BankTransferGetRequest(*plaid.NewBankTransferGetRequest(credit.Id)).Execute()
	plaidtest.Must(t, "bank_transfer/get", err)
	if a, b := plaidtest.MustJSON(got.BankTransfer), plaidtest.MustJSON(credit); string(a) != string(b) {
		t.Fatalf("get differs from create:\n%s\n%s", a, b)
	}
	balance("-1.00")
	simulate(credit.Id, "posted", "")
	_, _, err = api.BankTransferCancel(ctx).BankTransferCancelRequest(*plaid.NewBankTransferCancelRequest(credit.Id)).Execute()
	if perr, bad := plaid.ToPlaidError(err); bad != nil || perr.ErrorCode != "BANK_TRANSFER_NOT_CANCELLABLE" || perr.ErrorType != "BANK_TRANSFER_ERROR" {
		t.Fatalf("cancelling a posted transfer: %v", err)
	}
	simulate(credit.Id, "reversed", "R02")
	balance("0.00")
	debit := create(plaid.BANKTRANSFERTYPE_DEBIT, "5.00", "key-2")
	balance("0.00") // a debit counts once posted
	simulate(debit.Id, "posted", "")
	balance("5.00")

	list, _, err := api.BankTransferList(ctx).BankTransferListRequest(plaid.BankTransferListRequest{Count: plaid.PtrInt32(1)}).Execute()
	plaidtest.Must(t, "bank_transfer/list", err)
	if len(list.BankTransfers) != 1 || list.BankTransfers[0].Id != debit.Id {
		t.Fatalf("list count 1: %+v", list.BankTransfers)
	}
	sync, _, err := api.BankTransferEventSync(ctx).BankTransferEventSyncRequest(*plaid.NewBankTransferEventSyncRequest(0)).Execute()
	plaidtest.Must(t, "bank_transfer/event/sync", err)
	var seen []string
	for i, ev := range sync.BankTransferEvents {
		seen = append(seen, string(ev.EventType))
		if ev.EventId != int32(i+1) {
			t.Errorf("event %d has id %d", i, ev.EventId)
		}
	}
	if string(plaidtest.MustJSON(seen)) != `["posted","reversed","posted"]` {
		t.Fatalf("events %v", seen)
	}
	if fr := sync.BankTransferEvents[1].FailureReason.Get(); fr == nil || fr.GetAchReturnCode() != "R02" {
		t.Fatalf("the reversal's failure_reason: %+v", fr)
	}
	after := e.Call("/bank_transfer/event/sync", map[string]any{"after_id": 2}).OK(t)["bank_transfer_events"]
	if evs := plaidtest.List(after); len(evs) != 1 || plaidtest.Obj(evs[0])["bank_transfer_id"] != debit.Id {
		t.Fatalf("after 2: %v", after)
	}
	mine := plaidtest.List(e.Call("/bank_transfer/event/list", map[string]any{"bank_transfer_id": credit.Id}).OK(t)["bank_transfer_events"])
	if len(mine) != 2 || plaidtest.Obj(mine[0])["event_type"] != "reversed" {
		t.Fatalf("the credit's events, newest first: %v", mine)
	}
	posted := plaidtest.List(e.Call("/bank_transfer/event/list", map[string]any{"event_types": []string{"posted"}, "bank_transfer_type": "debit"}).OK(t)["bank_transfer_events"])
	if len(posted) != 1 {
		t.Fatalf("posted debits: %v", posted)
	}
	if other := plaidtest.List(e.CallAs("other", "x", "/bank_transfer/event/sync", map[string]any{"after_id": 0}).OK(t)["bank_transfer_events"]); len(other) != 0 {
		t.Fatalf("another client sees %d events", len(other))
	}
	e.CallAs("other", "x", "/bank_transfer/get", map[string]any{"bank_transfer_id": credit.Id}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestBankTransferSimulateAndCancel: only pending → posted or failed and
// posted → reversed move (else SANDBOX_BANK_TRANSFER_EVENT_TRANSITION_INVALID);
// a failure keeps no return code; a pending transfer cancels once.
func TestBankTransferSimulateAndCancel(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := e.AccountIDs(it.AccessToken)["Plaid Saving"]
	create := func(key string) string {
		return plaidtest.Obj(e.Call("/bank_transfer/create", map[string]any{"idempotency_key": key, "access_token": it.AccessToken, "account_id": acct,
			"type": "debit", "network": "same-day-ach", "amount": "2.50", "iso_currency_code": "USD", "description": "rent", "ach_class": "web",
			"user": map[string]any{"legal_name": "A B"}, "custom_tag": "", "metadata": map[string]any{"k": "v"}}).OK(t)["bank_transfer"])["id"].(string)
	}
	a := create("a")
	for _, bad := range []string{"reversed", "pending", "cancelled"} {
		e.Call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": a, "event_type": bad}).
			PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_BANK_TRANSFER_EVENT_TRANSITION_INVALID")
	}
	e.Call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": a, "event_type": "failed", "failure_reason": map[string]any{"description": "closed"}}).OK(t)
	got := plaidtest.Obj(e.Call("/bank_transfer/get", map[string]any{"bank_transfer_id": a}).OK(t)["bank_transfer"])
	fr := plaidtest.Obj(got["failure_reason"])
	if got["status"] != "failed" || got["cancellable"] != false || fr["ach_return_code"] != nil || fr["description"] != "closed" || got["custom_tag"] != "" {
		t.Fatalf("failed: %v", got)
	}
	b := create("b")
	e.Call("/bank_transfer/cancel", map[string]any{"bank_transfer_id": b}).OK(t)
	e.Call("/bank_transfer/cancel", map[string]any{"bank_transfer_id": b}).PlaidErr(t, 400, "BANK_TRANSFER_ERROR", "BANK_TRANSFER_NOT_CANCELLABLE")
	e.Call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": b, "event_type": "posted"}).
		PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_BANK_TRANSFER_EVENT_TRANSITION_INVALID")
	evs := plaidtest.List(e.Call("/bank_transfer/event/list", map[string]any{}).OK(t)["bank_transfer_events"])
	if len(evs) != 2 || plaidtest.Obj(evs[0])["event_type"] != "cancelled" || plaidtest.Obj(evs[1])["event_type"] != "failed" {
		t.Fatalf("events: %v", evs)
	}
	e.Call("/bank_transfer/get", map[string]any{"bank_transfer_id": "nope"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestBankTransferRefusals: what create refuses, each with Plaid's error.
func TestBankTransferRefusals(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth", "liabilities"}, nil)
	ids := e.AccountIDs(it.AccessToken)
	body := func(k string, v any) map[string]any {
		b := map[string]any{"idempotency_key": "k-" + k, "access_token": it.AccessToken, "account_id": ids["Plaid Checking"], "type": "credit",
			"network": "ach", "amount": "1.00", "iso_currency_code": "USD", "description": "ok", "ach_class": "ppd", "user": map[string]any{"legal_name": "A B"}}
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	for _, c := range []struct {
		body      map[string]any
		typ, code string
	}{
		{body("description", "eleven char"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("iso_currency_code", "EUR"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("ach_class", nil), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("amount", "1.001"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("amount", "0"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("type", "refund"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("user", nil), "INVALID_REQUEST", "MISSING_FIELDS"},
		{body("account_id", "nope"), "INVALID_INPUT", "INVALID_ACCOUNT_ID"},
		{body("account_id", ids["Plaid Credit Card"]), "BANK_TRANSFER_ERROR", "BANK_TRANSFER_UNSUPPORTED_ACCOUNT_TYPE"},
		{body("origination_account_id", "not-mine"), "BANK_TRANSFER_ERROR", "BANK_TRANSFER_INVALID_ORIGINATION_ACCOUNT"},
		{map[string]any{}, "INVALID_REQUEST", "MISSING_FIELDS"},
	} {
		e.Call("/bank_transfer/create", c.body).PlaidErr(t, 400, c.typ, c.code)
	}
	if n := len(plaidtest.List(e.Call("/bank_transfer/list", map[string]any{}).OK(t)["bank_transfers"])); n != 0 {
		t.Fatalf("refused creates left %d transfers", n)
	}
	wireOK := body("network", "wire")
	delete(wireOK, "ach_class")
	if got := plaidtest.Obj(e.Call("/bank_transfer/create", wireOK).OK(t)["bank_transfer"]); got["ach_class"] != "ppd" {
		t.Fatalf("a wire without ach_class: %v", got["ach_class"])
	}
}

// TestBankTransferMigrateProcessorSweepsWebhook: migrate_account (both
// paths) makes an Item with the numbers given; a partner creates from a
// processor token's account; an unknown sweep is refused; fire_webhook sends
// BANK_TRANSFERS_EVENTS_UPDATE, verified by the receiver.
func TestBankTransferMigrateProcessorSweepsWebhook(t *testing.T) {
	e := plaidtest.New(t)
	for _, path := range []string{"/bank_transfer/migrate_account", "/transfer/migrate_account"} {
		m := e.Call(path, map[string]any{"account_number": "100000000", "routing_number": "121122676", "account_type": "savings", "wire_routing_number": "026009593"}).OK(t)
		auth := e.Call("/auth/get", map[string]any{"access_token": m["access_token"]}).OK(t)
		acct := plaidtest.Obj(plaidtest.List(auth["accounts"])[0])
		ach := plaidtest.Obj(plaidtest.List(plaidtest.Obj(auth["numbers"])["ach"])[0])
		if acct["account_id"] != m["account_id"] || acct["mask"] != "0000" || acct["subtype"] != "savings" || ach["routing"] != "121122676" ||
			ach["account"] != "100000000" || ach["wire_routing"] != "026009593" {
			t.Fatalf("%s: account %v, numbers %v", path, acct, ach)
		}
		e.Call(path, map[string]any{"account_number": "1", "routing_number": "121122676", "account_type": "checking"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		e.Call(path, map[string]any{"account_number": "100000000", "routing_number": "12112267", "account_type": "checking"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		e.Call(path, map[string]any{"account_number": "100000000", "routing_number": "121122676", "account_type": "brokerage"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	}
	it := e.Link("ins_109508", []string{"auth"}, nil)
	proc := e.ProcessorToken(it.AccessToken, e.AccountIDs(it.AccessToken)["Plaid Checking"], "dwolla")
	bt := plaidtest.Obj(e.CallAs("processor_client", "processor_secret", "/processor/bank_transfer/create", map[string]any{"idempotency_key": "p1", "processor_token": proc,
		"type": "debit", "network": "ach", "amount": "3.00", "iso_currency_code": "USD", "description": "partner", "ach_class": "web",
		"user": map[string]any{"legal_name": "A B"}}).OK(t)["bank_transfer"])
	if bt["account_id"] != e.AccountIDs(it.AccessToken)["Plaid Checking"] {
		t.Fatalf("the partner's transfer: %v", bt)
	}
	e.Call("/bank_transfer/sweep/get", map[string]any{"sweep_id": "sw-1"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	origin := e.Call("/bank_transfer/balance/get", map[string]any{}).OK(t)["origination_account_id"]
	e.Call("/bank_transfer/balance/get", map[string]any{"origination_account_id": origin}).OK(t)
	e.Call("/bank_transfer/balance/get", map[string]any{"origination_account_id": "other"}).PlaidErr(t, 400, "BANK_TRANSFER_ERROR", "BANK_TRANSFER_INVALID_ORIGINATION_ACCOUNT")

	rv := plaidtest.NewReceiver(e)
	e.Call("/sandbox/bank_transfer/fire_webhook", map[string]any{"webhook": rv.URL}).OK(t)
	d := rv.WaitFor(t, "BANK_TRANSFERS_EVENTS_UPDATE")
	if !d.Valid || d.Body["webhook_type"] != "BANK_TRANSFERS" || d.Body["environment"] != "sandbox" {
		t.Fatalf("webhook: %s", d.Raw)
	}
}

// TestBankTransferSweepsOnTheClock: money moved on a day is swept the
// first moment the clock is on a later day: a $5 debit posted less a $1
// credit is one $4.00 sweep at midnight UTC, after which the balance is
// 0.00; a reversal the next day is the next day's -5.00 sweep; sweeps list
// newest first and read by id; a day with no money moved makes none.
func TestBankTransferSweepsOnTheClock(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)))
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	create := func(key, typ, amount string) string {
		return plaidtest.Obj(e.Call("/bank_transfer/create", map[string]any{"idempotency_key": key, "access_token": it.AccessToken, "account_id": acct,
			"type": typ, "network": "ach", "amount": amount, "iso_currency_code": "USD", "description": "x", "ach_class": "ppd",
			"user": map[string]any{"legal_name": "A B"}}).OK(t)["bank_transfer"])["id"].(string)
	}
	sweeps := func() []any {
		return plaidtest.List(e.Call("/bank_transfer/sweep/list", map[string]any{}).OK(t)["sweeps"])
	}
	balance := func() any {
		return plaidtest.Obj(e.Call("/bank_transfer/balance/get", map[string]any{}).OK(t)["balance"])["available"]
	}
	debit := create("d", "debit", "5.00")
	e.Call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": debit, "event_type": "posted"}).OK(t)
	create("c", "credit", "1.00")
	if len(sweeps()) != 0 || balance() != "4.00" {
		t.Fatalf("before midnight: %v, balance %v", sweeps(), balance())
	}
	advance := func(d string) {
		if r := e.Clock(map[string]any{"advance": d}); r.Status != 200 {
			t.Fatalf("advance %s: %d %s", d, r.Status, r.Raw)
		}
	}
	advance("10h")
	got := sweeps()
	if len(got) != 1 || plaidtest.Obj(got[0])["amount"] != "4.00" || plaidtest.Obj(got[0])["created_at"] != "2026-03-03T00:00:00Z" || balance() != "0.00" {
		t.Fatalf("after midnight: %v, balance %v", got, balance())
	}
	first := plaidtest.Obj(got[0])["id"]
	e.Call("/sandbox/bank_transfer/simulate", map[string]any{"bank_transfer_id": debit, "event_type": "reversed"}).OK(t)
	advance("48h")
	got = sweeps()
	if len(got) != 2 || plaidtest.Obj(got[0])["amount"] != "-5.00" || plaidtest.Obj(got[1])["id"] != first {
		t.Fatalf("a day later: %v", got)
	}
	one := plaidtest.Obj(e.Call("/bank_transfer/sweep/get", map[string]any{"sweep_id": first}).OK(t)["sweep"])
	if one["amount"] != "4.00" || one["iso_currency_code"] != "USD" {
		t.Fatalf("sweep/get: %v", one)
	}
	if n := len(plaidtest.List(e.Call("/bank_transfer/sweep/list", map[string]any{"count": 1}).OK(t)["sweeps"])); n != 1 {
		t.Fatalf("count 1 gave %d", n)
	}
	e.CallAs("other", "x", "/bank_transfer/sweep/get", map[string]any{"sweep_id": first}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
