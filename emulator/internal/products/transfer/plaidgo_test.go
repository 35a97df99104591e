package transfer_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestTransferJourneyThroughPlaidGo is the acceptance journey, every call
// made by plaid-go: authorize → create → simulate posted → settled →
// funds_available → a sweep out of the Ledger → the Ledger's balance, and
// a second debit returned R01. After each step it reads the new events with
// /transfer/event/sync and the Ledger with /transfer/ledger/get; the
// TRANSFER_EVENTS_UPDATE webhooks (one per transfer created, one from
// fire_webhook: Sandbox sends none for API simulations) are verified by
// the receiver, JWT and body hash.
func TestTransferJourneyThroughPlaidGo(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth", "transfer"}, map[string]any{"webhook": rv.URL})
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	accounts, _, err := api.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "accounts/get", err)
	acct := accounts.GetAccounts()[0].GetAccountId()

	var cursor int32
	newEvents := func(want ...string) []plaid.TransferEvent {
		t.Helper()
		got, _, err := api.TransferEventSync(ctx).TransferEventSyncRequest(*plaid.NewTransferEventSyncRequest(cursor)).Execute()
		plaidtest.Must(t, "transfer/event/sync", err)
		evs := got.GetTransferEvents()
		var types []string
		for _, ev := range evs {
			types = append(types, string(ev.GetEventType()))
			cursor = ev.GetEventId()
		}
		if fmtList(types) != fmtList(want) {
			t.Fatalf("new events %v, want %v", types, want)
		}
		return evs
	}
	ledger := func(available, pending string) {
		t.Helper()
		got, _, err := api.TransferLedgerGet(ctx).TransferLedgerGetRequest(*plaid.NewTransferLedgerGetRequest()).Execute()
		plaidtest.Must(t, "transfer/ledger/get", err)
		if b := got.GetBalance(); b.GetAvailable() != available || b.GetPending() != pending {
			t.Fatalf("ledger available %s pending %s, want %s and %s", b.GetAvailable(), b.GetPending(), available, pending)
		}
	}
	debit := func(amount string) plaid.Transfer {
		t.Helper()
		req := plaid.NewTransferAuthorizationCreateRequest(it.AccessToken, acct, plaid.TRANSFERTYPE_DEBIT, plaid.TRANSFERNETWORK_ACH, amount,
			*plaid.NewTransferAuthorizationUserInRequest("Anne Charleston"))
		req.SetAchClass(plaid.ACHCLASS_WEB)
		au, _, err := api.TransferAuthorizationCreate(ctx).TransferAuthorizationCreateRequest(*req).Execute()
		plaidtest.Must(t, "transfer/authorization/create", err)
		if d := au.Authorization.GetDecision(); d != "approved" {
			t.Fatalf("authorization of %s: %s", amount, d)
		}
		tr, _, err := api.TransferCreate(ctx).TransferCreateRequest(*plaid.NewTransferCreateRequest(it.AccessToken, acct, au.Authorization.GetId(), "payment")).Execute()
		plaidtest.Must(t, "transfer/create", err)
		return tr.GetTransfer()
	}
	simulate := func(id, event string, failure *plaid.TransferFailure) {
		t.Helper()
		req := plaid.NewSandboxTransferSimulateRequest(id, event)
		if failure != nil {
			req.SetFailureReason(*failure)
		}
		_, _, err := api.SandboxTransferSimulate(ctx).SandboxTransferSimulateRequest(*req).Execute()
		plaidtest.Must(t, "sandbox/transfer/simulate "+event, err)
	}
	status := func(id string) plaid.Transfer {
		t.Helper()
		got, _, err := api.TransferGet(ctx).TransferGetRequest(*plaid.NewTransferGetRequest(id)).Execute()
		plaidtest.Must(t, "transfer/get", err)
		return got.GetTransfer()
	}

	ledger("100.00", "0.00")
	tr := debit("40.00")
	if tr.GetStatus() != "pending" || !tr.GetCancellable() {
		t.Fatalf("new transfer: %s cancellable %v", tr.GetStatus(), tr.GetCancellable())
	}
	newEvents("pending")
	ledger("100.00", "40.00")
	for _, step := range []struct{ event, available, pending string }{
		{"posted", "100.00", "40.00"}, {"settled", "100.00", "40.00"}, {"funds_available", "140.00", "0.00"},
	} {
		simulate(tr.GetId(), step.event, nil)
		if got := status(tr.GetId()); string(got.GetStatus()) != step.event {
			t.Fatalf("after simulating %s the transfer is %s", step.event, got.GetStatus())
		}
		newEvents(step.event)
		ledger(step.available, step.pending)
	}
	if got := status(tr.GetId()); got.GetNetworkTraceId() == "" || got.GetCancellable() {
		t.Fatalf("a transfer with its funds: trace %q cancellable %v", got.GetNetworkTraceId(), got.GetCancellable())
	}

	// Sweep $30 of it out to the funding account.
	w, _, err := api.TransferLedgerWithdraw(ctx).TransferLedgerWithdrawRequest(*plaid.NewTransferLedgerWithdrawRequest("30.00", "sweep-1", plaid.TRANSFERNETWORK_ACH)).Execute()
	plaidtest.Must(t, "transfer/ledger/withdraw", err)
	sweepID := w.Sweep.GetId()
	ledger("110.00", "0.00")
	if evs := newEvents("sweep.pending"); evs[0].GetSweepId() != sweepID || evs[0].GetTransferId() != "" {
		t.Fatalf("the sweep's event: sweep %q transfer %q", evs[0].GetSweepId(), evs[0].GetTransferId())
	}
	for _, ev := range []plaid.TransferLedgerSweepSimulateEventType{plaid.TRANSFERLEDGERSWEEPSIMULATEEVENTTYPE_POSTED, plaid.TRANSFERLEDGERSWEEPSIMULATEEVENTTYPE_SETTLED} {
		_, _, err := api.SandboxTransferLedgerWithdrawSimulate(ctx).SandboxTransferLedgerWithdrawSimulateRequest(*plaid.NewSandboxTransferLedgerWithdrawSimulateRequest(sweepID, ev)).Execute()
		plaidtest.Must(t, "sandbox/transfer/ledger/withdraw/simulate", err)
	}
	newEvents("sweep.posted", "sweep.settled")
	sw, _, err := api.TransferSweepGet(ctx).TransferSweepGetRequest(*plaid.NewTransferSweepGetRequest(sweepID)).Execute()
	plaidtest.Must(t, "transfer/sweep/get", err)
	if s := sw.GetSweep(); s.GetAmount() != "30.00" || string(s.GetStatus()) != "settled" {
		t.Fatalf("the sweep: amount %s status %s", s.GetAmount(), s.GetStatus())
	}
	ledger("110.00", "0.00")

	// A second debit comes back R01 (plaid-go v20 sends only ach_return_code).
	back := debit("15.00")
	newEvents("pending")
	ledger("110.00", "15.00")
	simulate(back.GetId(), "posted", nil)
	r01 := plaid.NewTransferFailure()
	r01.SetAchReturnCode("R01")
	simulate(back.GetId(), "returned", r01)
	evs := newEvents("posted", "returned")
	if f := evs[1].GetFailureReason(); f.GetAchReturnCode() != "R01" {
		t.Fatalf("the return's event: %+v", f)
	}
	got := status(back.GetId())
	if f := got.GetFailureReason(); got.GetStatus() != "returned" || f.GetAchReturnCode() != "R01" {
		t.Fatalf("the returned transfer: %s %+v", got.GetStatus(), f)
	}
	ledger("110.00", "0.00")

	_, _, err = api.SandboxTransferFireWebhook(ctx).SandboxTransferFireWebhookRequest(*plaid.NewSandboxTransferFireWebhookRequest(rv.URL)).Execute()
	plaidtest.Must(t, "sandbox/transfer/fire_webhook", err)
	hooks := rv.WaitForN(t, "TRANSFER_EVENTS_UPDATE", 3)
	for _, d := range hooks {
		if !d.Valid || d.Type != "TRANSFER" || d.Body["environment"] != "sandbox" {
			t.Fatalf("webhook %s: valid %v type %s body %v", d.ID, d.Valid, d.Type, d.Body)
		}
	}
	if len(hooks) != 3 {
		t.Fatalf("%d TRANSFER_EVENTS_UPDATE webhooks, want 3 (two creations, one fire_webhook)", len(hooks))
	}
}
