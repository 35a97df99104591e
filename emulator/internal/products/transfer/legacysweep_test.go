package transfer_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestLegacySweepSimulate follows Plaid's Transfer Sandbox guide through
// plaid-go: sweep_status is null until /sandbox/transfer/sweep/simulate,
// which sweeps a pending debit and a pending credit (one sweep of their
// net, the debit less the credit), then settles that sweep while sweeping
// a newer debit, then takes a returned debit back (return_swept, a
// negative sweep); each step's events name their sweep, its webhook
// arrives, and a call with nothing to sweep answers no sweep. An unknown
// test clock is refused; a known one dates the sweep.
func TestLegacySweepSimulate(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth", "transfer"}, nil)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	acct := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	create := func(typ plaid.TransferType, amount string) string {
		t.Helper()
		req := plaid.NewTransferAuthorizationCreateRequest(it.AccessToken, acct, typ, plaid.TRANSFERNETWORK_ACH, amount,
			*plaid.NewTransferAuthorizationUserInRequest("Anne Charleston"))
		req.SetAchClass(plaid.ACHCLASS_PPD)
		au, _, err := api.TransferAuthorizationCreate(ctx).TransferAuthorizationCreateRequest(*req).Execute()
		plaidtest.Must(t, "transfer/authorization/create", err)
		tr, _, err := api.TransferCreate(ctx).TransferCreateRequest(*plaid.NewTransferCreateRequest(it.AccessToken, acct, au.Authorization.GetId(), "sweep")).Execute()
		plaidtest.Must(t, "transfer/create", err)
		return tr.Transfer.GetId()
	}
	sweepStatus := func(id string) string {
		t.Helper()
		got, _, err := api.TransferGet(ctx).TransferGetRequest(*plaid.NewTransferGetRequest(id)).Execute()
		plaidtest.Must(t, "transfer/get", err)
		if s, ok := got.Transfer.GetSweepStatusOk(); ok && s != nil {
			return string(*s)
		}
		return "null"
	}
	var cursor int32
	events := func() map[string]string { // transfer id → the new sweep event's type, all naming one sweep
		t.Helper()
		got, _, err := api.TransferEventSync(ctx).TransferEventSyncRequest(*plaid.NewTransferEventSyncRequest(cursor)).Execute()
		plaidtest.Must(t, "transfer/event/sync", err)
		out := map[string]string{}
		for _, ev := range got.GetTransferEvents() {
			cursor = ev.GetEventId()
			if id := ev.GetSweepId(); id != "" {
				out[ev.GetTransferId()] = string(ev.GetEventType()) + " " + id + " " + ev.GetSweepAmount()
			}
		}
		return out
	}
	simulate := func() *plaid.SimulatedTransferSweep {
		t.Helper()
		got, _, err := api.SandboxTransferSweepSimulate(ctx).SandboxTransferSweepSimulateRequest(*plaid.NewSandboxTransferSweepSimulateRequest()).Execute()
		plaidtest.Must(t, "sandbox/transfer/sweep/simulate", err)
		return got.Sweep
	}

	debit, credit := create(plaid.TRANSFERTYPE_DEBIT, "25.00"), create(plaid.TRANSFERTYPE_CREDIT, "10.00")
	if s := sweepStatus(debit); s != "null" {
		t.Fatalf("sweep_status before any sweep: %s, want null", s)
	}
	events()
	// plaid-go v20 has no webhook field here: this call is sent raw.
	first := plaidtest.Obj(e.Call("/sandbox/transfer/sweep/simulate", map[string]any{"webhook": rv.URL}).OK(t)["sweep"])
	if first["amount"] != "15.00" || first["settled"] == nil || first["id"] == nil {
		t.Fatalf("the first sweep: %v", first)
	}
	rv.WaitFor(t, "TRANSFER_EVENTS_UPDATE")
	if s, c := sweepStatus(debit), sweepStatus(credit); s != "swept" || c != "swept" {
		t.Fatalf("after a sweep: debit %s, credit %s", s, c)
	}
	want := "swept " + first["id"].(string) + " 15.00"
	if ev := events(); ev[debit] != want || ev[credit] != want || len(ev) != 2 {
		t.Fatalf("sweep events %v, want %q for each", ev, want)
	}

	newer := create(plaid.TRANSFERTYPE_DEBIT, "4.00")
	events()
	second := simulate()
	if second == nil || second.GetAmount() != "4.00" || second.GetId() == first["id"] {
		t.Fatalf("the second sweep: %+v", second)
	}
	if s, n := sweepStatus(debit), sweepStatus(newer); s != "swept_settled" || n != "swept" {
		t.Fatalf("after the second sweep: first debit %s, newer %s", s, n)
	}
	if ev := events(); ev[debit] != "swept_settled "+second.GetId()+" 4.00" || ev[newer] != "swept "+second.GetId()+" 4.00" {
		t.Fatalf("second sweep's events %v", ev)
	}

	for _, ev := range []string{"posted", "returned"} {
		_, _, err := api.SandboxTransferSimulate(ctx).SandboxTransferSimulateRequest(*plaid.NewSandboxTransferSimulateRequest(newer, ev)).Execute()
		plaidtest.Must(t, "sandbox/transfer/simulate "+ev, err)
	}
	third := simulate()
	if third == nil || third.GetAmount() != "-4.00" || sweepStatus(newer) != "return_swept" {
		t.Fatalf("a returned debit's sweep: %+v, status %s", third, sweepStatus(newer))
	}

	// Every transfer swept and settled, the returned one taken back:
	// nothing is left to sweep.
	if none := simulate(); none != nil {
		t.Fatalf("nothing to sweep, yet a sweep: %+v", none)
	}

	e.Call("/sandbox/transfer/sweep/simulate", map[string]any{"test_clock_id": "nope"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	clock := e.Call("/sandbox/transfer/test_clock/create", map[string]any{"virtual_time": "2026-07-04T10:00:00Z"}).OK(t)["test_clock"]
	create(plaid.TRANSFERTYPE_DEBIT, "1.00")
	dated := plaidtest.Obj(e.Call("/sandbox/transfer/sweep/simulate", map[string]any{"test_clock_id": plaidtest.Obj(clock)["test_clock_id"]}).OK(t)["sweep"])
	if dated["created"] != "2026-07-04T10:00:00Z" || dated["settled"] != "2026-07-06" {
		t.Fatalf("a sweep on a test clock at Independence Day: created %v, settled %v (want the next banking day)", dated["created"], dated["settled"])
	}
}
