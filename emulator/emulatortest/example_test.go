package emulatortest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/emulatortest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// The emulator in a Go test, driven by the official client.
func Example() {
	t := &testing.T{} // in a real test, the *testing.T you are given
	srv := emulatortest.NewServer(t)

	cfg := plaid.NewConfiguration()
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", "my-test-client")
	cfg.AddDefaultHeader("PLAID-SECRET", "my-test-secret")
	cfg.UseEnvironment(plaid.Environment(srv.URL)) // without this, plaid-go calls production
	client := plaid.NewAPIClient(cfg).PlaidApi
	ctx := context.Background()

	pt, _, _ := client.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(
		*plaid.NewSandboxPublicTokenCreateRequest("ins_109508", []plaid.Products{plaid.PRODUCTS_AUTH})).Execute()
	ex, _, _ := client.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(
		*plaid.NewItemPublicTokenExchangeRequest(pt.GetPublicToken())).Execute()
	auth, _, _ := client.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(ex.GetAccessToken())).Execute()
	fmt.Println(auth.Numbers.Ach[0].GetAccount(), auth.Numbers.Ach[0].GetRouting())
	// Output: 1111222233330000 011401533
}

func TestNewServerClosesWithTheTest(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		srv := emulatortest.NewServer(t, emulatortest.WithSeed(3))
		url = srv.URL
		if srv.Emulator == nil || url == "" {
			t.Fatal("no server")
		}
	})
	if _, err := (&plaidPing{url}).ping(); err == nil {
		t.Fatal("the server still answers after its test ended")
	}
}

// TestSnapshotRestoreAndResetClient: the baseline comes back after a
// test's changes, and one client's reset leaves the other's Item.
func TestSnapshotRestoreAndResetClient(t *testing.T) {
	srv := emulatortest.NewServer(t)
	api := func(clientID string) *plaid.PlaidApiService {
		cfg := plaid.NewConfiguration()
		cfg.AddDefaultHeader("PLAID-CLIENT-ID", clientID)
		cfg.AddDefaultHeader("PLAID-SECRET", "s")
		cfg.UseEnvironment(plaid.Environment(srv.URL))
		return plaid.NewAPIClient(cfg).PlaidApi
	}
	ctx := context.Background()
	link := func(c *plaid.PlaidApiService) string {
		pt, _, err := c.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(
			*plaid.NewSandboxPublicTokenCreateRequest("ins_109508", []plaid.Products{plaid.PRODUCTS_AUTH})).Execute()
		if err != nil {
			t.Fatal(err)
		}
		ex, _, err := c.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(*plaid.NewItemPublicTokenExchangeRequest(pt.GetPublicToken())).Execute()
		if err != nil {
			t.Fatal(err)
		}
		return ex.GetAccessToken()
	}
	a, b := api("suite-a"), api("suite-b")
	ta, tb := link(a), link(b)
	srv.Snapshot("base")
	if _, _, err := a.ItemRemove(ctx).ItemRemoveRequest(*plaid.NewItemRemoveRequest(ta)).Execute(); err != nil {
		t.Fatal(err)
	}
	srv.Restore("base")
	if _, _, err := a.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(ta)).Execute(); err != nil {
		t.Fatalf("suite-a's Item after the restore: %v", err)
	}
	srv.ResetClient("suite-a")
	if _, _, err := a.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(ta)).Execute(); err == nil {
		t.Fatal("suite-a's Item answers after ResetClient")
	}
	if _, _, err := b.AuthGet(ctx).AuthGetRequest(*plaid.NewAuthGetRequest(tb)).Execute(); err != nil {
		t.Fatalf("suite-b's Item after suite-a's reset: %v", err)
	}
}
