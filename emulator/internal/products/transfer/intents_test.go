package transfer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// intentFlow is an app paying with Transfer UI through plaid-go: the
// intent, a link token that carries it, and the intent read back.
type intentFlow struct {
	t   *testing.T
	e   *plaidtest.Env
	api *plaid.PlaidApiService
}

func (f intentFlow) create(amount, accountID string) plaid.TransferIntentCreate {
	f.t.Helper()
	req := plaid.NewTransferIntentCreateRequest(plaid.TRANSFERINTENTCREATEMODE_PAYMENT, amount, "BillPay", *plaid.NewTransferUserInRequest("Anne Charleston"))
	req.SetAchClass(plaid.ACHCLASS_PPD)
	req.SetIsoCurrencyCode("USD")
	req.SetNetwork(plaid.TRANSFERINTENTCREATENETWORK_SAME_DAY_ACH)
	req.SetMetadata(map[string]string{"bill_id": "bill-7"})
	if accountID != "" {
		req.SetAccountId(accountID)
	}
	got, _, err := f.api.TransferIntentCreate(context.Background()).TransferIntentCreateRequest(*req).Execute()
	plaidtest.Must(f.t, "transfer/intent/create", err)
	return got.TransferIntent
}

// get reads the intent raw: plaid-go v20's TransferIntentGet takes its
// body as map[string]map[string]interface{}, so it cannot send
// transfer_intent_id (plaid-node's call is in testdata/clients/node).
func (f intentFlow) get(id string) map[string]any {
	f.t.Helper()
	return plaidtest.Obj(f.e.Call("/transfer/intent/get", map[string]any{"transfer_intent_id": id}).OK(f.t)["transfer_intent"])
}

// TestTransferUINewAccount is the Transfer quickstart's "pay from a new
// bank": an intent without account_id is PENDING; Link with it logs in,
// offers one account and, confirmed, makes the authorization and the
// transfer; onSuccess says transfer_status complete; the intent is
// SUCCEEDED and APPROVED with the transfer's id (its account_id stays
// null, so the app reads the account from /transfer/get); the transfer
// is pending with its event and metadata.
func TestTransferUINewAccount(t *testing.T) {
	e := plaidtest.New(t)
	f := intentFlow{t, e, e.PlaidClient().PlaidApi}
	in := f.create("25.00", "")
	if in.GetStatus() != plaid.TRANSFERINTENTSTATUS_PENDING || in.AccountId.Get() != nil || in.GetDescription() != "BillPay" || in.GetNetwork() != "same-day-ach" {
		t.Fatalf("new intent: %+v", in)
	}
	lt := e.LinkToken(map[string]any{"products": []string{"transfer"}, "transfer": map[string]any{"intent_id": in.GetId()}})
	done := e.CompleteLink(map[string]any{"link_token": lt}).OK(t)
	md := plaidtest.Obj(done["metadata"])
	if md["transfer_status"] != "complete" || len(plaidtest.List(md["accounts"])) != 1 {
		t.Fatalf("onSuccess metadata: %v", md)
	}
	got := f.get(in.GetId())
	if got["status"] != "SUCCEEDED" || got["authorization_decision"] != "APPROVED" || got["transfer_id"] == nil || got["account_id"] != nil || got["failure_reason"] != nil {
		t.Fatalf("intent after Link: %v", got)
	}
	tr, _, err := f.api.TransferGet(context.Background()).TransferGetRequest(*plaid.NewTransferGetRequest(got["transfer_id"].(string))).Execute()
	plaidtest.Must(t, "transfer/get", err)
	x := tr.Transfer
	linked := plaidtest.Obj(plaidtest.List(md["accounts"])[0])["id"]
	if x.GetAccountId() != linked || x.GetAmount() != "25.00" || x.GetType() != plaid.TRANSFERTYPE_DEBIT || x.GetStatus() != plaid.TRANSFERSTATUS_PENDING ||
		x.GetMetadata()["bill_id"] != "bill-7" || x.GetDescription() != "BillPay" {
		t.Fatalf("the transfer: %+v", x)
	}
	ev := plaidtest.List(e.Call("/transfer/event/sync", map[string]any{"after_id": 0}).OK(t)["transfer_events"])
	if len(ev) != 1 || plaidtest.Obj(ev[0])["event_type"] != "pending" || plaidtest.Obj(ev[0])["transfer_id"] != got["transfer_id"] {
		t.Fatalf("events: %v", ev)
	}
	// A finished intent opens Link no more.
	e.Call("/link/token/create", map[string]any{"client_name": "Acme", "language": "en", "country_codes": []string{"US"}, "user": map[string]any{"client_user_id": "u"},
		"products": []string{"transfer"}, "transfer": map[string]any{"intent_id": in.GetId()}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestTransferUIKnownAccount is the quickstart's "pay from a bank already
// linked": the intent names the account and the link token carries the
// Item's access_token, so Link asks no login; the transfer is from that
// account. Without the access_token such an intent is refused.
func TestTransferUIKnownAccount(t *testing.T) {
	e := plaidtest.New(t)
	f := intentFlow{t, e, e.PlaidClient().PlaidApi}
	it := e.Link("ins_109508", []string{"auth", "transfer"}, nil)
	savings := e.AccountIDs(it.AccessToken)["Plaid Saving"]
	in := f.create("12.34", savings)
	base := map[string]any{"client_name": "Acme", "language": "en", "country_codes": []string{"US"}, "user": map[string]any{"client_user_id": "u"},
		"products": []string{"transfer"}, "transfer": map[string]any{"intent_id": in.GetId()}}
	e.Call("/link/token/create", base).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	lt := e.LinkToken(map[string]any{"products": []string{"transfer"}, "transfer": map[string]any{"intent_id": in.GetId()}, "access_token": it.AccessToken})
	session := e.Do("GET", "/_emulator/link/session?link_token="+lt, nil, nil).OK(t)
	ti := plaidtest.Obj(session["transfer_intent"])
	if ti["amount"] != "12.34" || ti["mode"] != "PAYMENT" || len(plaidtest.List(ti["accounts"])) != 1 || session["account_select"] != "single" {
		t.Fatalf("the page's session: %v", session)
	}
	done := e.CompleteLink(map[string]any{"link_token": lt}).OK(t)
	if plaidtest.Obj(done["metadata"])["transfer_status"] != "complete" {
		t.Fatalf("complete: %v", done)
	}
	got := f.get(in.GetId())
	if got["status"] != "SUCCEEDED" || got["account_id"] != savings {
		t.Fatalf("intent: %v", got)
	}
	tr := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": got["transfer_id"]}).OK(t)["transfer"])
	if tr["account_id"] != savings || tr["ach_class"] != "ppd" {
		t.Fatalf("transfer: %v", tr)
	}
}

// TestTransferUIDeclines: a payment above the account's balance is
// declined NSF; the intent stays PENDING (DECLINED, no transfer) for two
// more tries, which pay from the Item the session already made (the
// same item_id, not a new Item), and the third decline fails it with
// failure_reason NSF.
func TestTransferUIDeclines(t *testing.T) {
	e := plaidtest.New(t)
	f := intentFlow{t, e, e.PlaidClient().PlaidApi}
	in := f.create("5000.00", "")
	lt := e.LinkToken(map[string]any{"products": []string{"transfer"}, "transfer": map[string]any{"intent_id": in.GetId()}})
	var items []string
	for try := 1; try <= 3; try++ {
		done := e.CompleteLink(map[string]any{"link_token": lt, "link_session_id": "session-1"}).OK(t)
		if plaidtest.Obj(done["metadata"])["transfer_status"] != "incomplete" {
			t.Fatalf("try %d: %v", try, done)
		}
		ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": done["public_token"]}).OK(t)
		items = append(items, ex["item_id"].(string))
		got := f.get(in.GetId())
		want := "PENDING"
		if try == 3 {
			want = "FAILED"
		}
		if got["status"] != want || got["authorization_decision"] != "DECLINED" || plaidtest.Obj(got["authorization_decision_rationale"])["code"] != "NSF" || got["transfer_id"] != nil {
			t.Fatalf("try %d: intent %v", try, got)
		}
		if fr := plaidtest.Obj(got["failure_reason"]); (try == 3) != (fr != nil) || (fr != nil && fr["error_code"] != "NSF") {
			t.Fatalf("try %d: failure_reason %v", try, fr)
		}
	}
	if items[0] != items[1] || items[1] != items[2] {
		t.Fatalf("retries linked new Items: %v", items)
	}
	r := e.CompleteLink(map[string]any{"link_token": lt, "link_session_id": "session-1"})
	r.PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	if !strings.Contains(r.Body["error_message"].(string), "FAILED") {
		t.Fatalf("a fourth try: %s", r.Raw)
	}
}

// TestTransferIntentRefusals: what /transfer/intent/create and /get refuse,
// each with Plaid's error in words.
func TestTransferIntentRefusals(t *testing.T) {
	e := plaidtest.New(t)
	body := func(k string, v any) map[string]any {
		b := map[string]any{"mode": "PAYMENT", "amount": "10.00", "description": "Bill", "user": map[string]any{"legal_name": "A B"}}
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	for _, c := range []struct {
		body        map[string]any
		type_, code string
	}{
		{body("description", "sixteen chars!!!"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("amount", "-1.00"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("amount", "1.234"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("mode", "REFUND"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("user", map[string]any{"legal_name": " "}), "INVALID_REQUEST", "MISSING_FIELDS"},
		{body("user", nil), "INVALID_REQUEST", "MISSING_FIELDS"},
		{body("network", "rtp"), "INVALID_REQUEST", "INVALID_FIELD"},
		{body("iso_currency_code", "EUR"), "INVALID_REQUEST", "INVALID_FIELD"},
	} {
		e.Call("/transfer/intent/create", c.body).PlaidErr(t, 400, c.type_, c.code)
	}
	e.Call("/transfer/intent/get", map[string]any{"transfer_intent_id": "nope"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	id := plaidtest.Obj(e.Call("/transfer/intent/create", body("mode", "DISBURSEMENT")).OK(t)["transfer_intent"])["id"]
	e.CallAs("other", "x", "/transfer/intent/get", map[string]any{"transfer_intent_id": id}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
