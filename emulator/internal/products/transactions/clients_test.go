package transactions_test

import (
	"context"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestPlaidGoFullSync pages a whole dynamic history through plaid-go and
// reads every field of every row through the client's own types.
func TestPlaidGoFullSync(t *testing.T) {
	e := plaidtest.New(t)
	c := e.PlaidClient().PlaidApi
	ctx := context.Background()
	it := e.Link("ins_109508", []string{"transactions"}, map[string]any{"override_username": "user_transactions_dynamic", "override_password": "x"})
	cursor := ""
	var added []plaid.Transaction
	for {
		req := plaid.NewTransactionsSyncRequest(it.AccessToken)
		req.SetCount(25)
		if cursor != "" {
			req.SetCursor(cursor)
		}
		req.SetOptions(plaid.TransactionsSyncRequestOptions{IncludeOriginalDescription: *plaid.NewNullableBool(plaid.PtrBool(true))})
		resp, _, err := c.TransactionsSync(ctx).TransactionsSyncRequest(*req).Execute()
		plaidtest.Must(t, "transactions/sync", err)
		added = append(added, resp.GetAdded()...)
		cursor = resp.GetNextCursor()
		if !resp.GetHasMore() {
			break
		}
	}
	if len(added) < 100 {
		t.Fatalf("plaid-go read %d rows", len(added))
	}
	counterparties, located := 0, 0
	for _, tx := range added {
		if tx.GetTransactionId() == "" || tx.GetAccountId() == "" || tx.GetDate() == "" || tx.GetName() == "" ||
			tx.GetIsoCurrencyCode() != "USD" || tx.GetPaymentChannel() == "" || tx.GetOriginalDescription() == "" ||
			tx.GetAuthorizedDate() == "" || len(tx.GetCategory()) == 0 || tx.GetCategoryId() == "" {
			t.Fatalf("row lacks fields: %+v", tx)
		}
		pfc := tx.GetPersonalFinanceCategory()
		if pfc.GetPrimary() == "" || pfc.GetDetailed() == "" || tx.GetPersonalFinanceCategoryIconUrl() == "" {
			t.Fatalf("pfc = %+v", pfc)
		}
		if len(tx.GetCounterparties()) > 0 {
			counterparties++
			cp := tx.GetCounterparties()[0]
			if cp.GetName() == "" || cp.GetType() == "" || tx.GetMerchantName() == "" || tx.GetMerchantEntityId() == "" {
				t.Fatalf("counterparty = %+v", cp)
			}
		}
		if tx.Location.GetCity() != "" {
			located++
		}
		_ = tx.PaymentMeta.GetPayee()
	}
	if counterparties == 0 || located == 0 {
		t.Fatalf("%d rows with counterparties, %d with a location", counterparties, located)
	}
	g, _, err := c.TransactionsGet(ctx).TransactionsGetRequest(*plaid.NewTransactionsGetRequest(it.AccessToken, "2000-01-01", "2100-01-01")).Execute()
	plaidtest.Must(t, "transactions/get", err)
	if int(g.GetTotalTransactions()) != len(added) || len(g.GetTransactions()) != 100 {
		t.Fatalf("get: total %d, page %d; sync added %d", g.GetTotalTransactions(), len(g.GetTransactions()), len(added))
	}
	_, _, err = c.TransactionsRefresh(ctx).TransactionsRefreshRequest(*plaid.NewTransactionsRefreshRequest(it.AccessToken)).Execute()
	plaidtest.Must(t, "transactions/refresh", err)
}
