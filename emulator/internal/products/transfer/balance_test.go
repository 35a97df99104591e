package transfer_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestBalanceGetFollowsTheLedger: through plaid-go, the deprecated
// /transfer/balance/get reads the Ledger ($100 available at first); after
// a credit it has gone down as the Ledger's has, current counting the
// pending; the type asked is echoed, prefunded_ach_credits by default; an
// unknown originator is refused.
func TestBalanceGetFollowsTheLedger(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth", "transfer"}, nil)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	balance := func(typ string) plaid.TransferBalance {
		t.Helper()
		req := plaid.NewTransferBalanceGetRequest()
		if typ != "" {
			req.SetType(plaid.TransferBalanceType(typ))
		}
		got, _, err := api.TransferBalanceGet(ctx).TransferBalanceGetRequest(*req).Execute()
		plaidtest.Must(t, "transfer/balance/get", err)
		return got.Balance
	}
	if b := balance(""); b.Available != "100.00" || b.GetCurrent() != "100.00" || b.Type != "prefunded_ach_credits" {
		t.Fatalf("a new client's balance: %+v", b)
	}
	acct := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": "credit",
		"network": "ach", "amount": "30.00", "ach_class": "ppd", "user": map[string]any{"legal_name": "Anne Charleston"}}).OK(t)["authorization"])
	e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "authorization_id": au["id"], "description": "payout"}).OK(t)
	ledger := plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])
	b := balance("prefunded_rtp_credits")
	if b.Available != ledger["available"] || b.Available != "70.00" || b.Type != "prefunded_rtp_credits" {
		t.Fatalf("after a $30 credit: %+v, the Ledger %v", b, ledger)
	}
	e.Call("/transfer/balance/get", map[string]any{"originator_client_id": "nobody"}).PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_ORIGINATOR_NOT_FOUND")
}
