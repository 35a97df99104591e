package emulator_test

import (
	"context"
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

// Transfers and their events are kept with --state.
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
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, withState)
	if st := obj(e2.call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).ok(t)["transfer"])["status"]; st != "posted" {
		t.Fatalf("after the restart the transfer is %v", st)
	}
	if n := len(list(e2.call("/transfer/event/sync", map[string]any{"after_id": 0}).ok(t)["transfer_events"])); n != 2 {
		t.Fatalf("%d events after the restart, want 2", n)
	}
}
