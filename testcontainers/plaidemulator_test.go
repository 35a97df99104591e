package plaidemulator_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v20/plaid"
	"github.com/testcontainers/testcontainers-go"

	plaidemulator "github.com/plaid-emulator/plaid-emulator/testcontainers"
)

// TestRunWithPlaidGo starts the image built from the repository's
// Dockerfile (PLAID_EMULATOR_IMAGE; testdata/container/check.sh builds it
// and runs this test through podman's Docker-compatible socket), runs the
// plaid-go flow against it, and stops it.
func TestRunWithPlaidGo(t *testing.T) {
	image := os.Getenv("PLAID_EMULATOR_IMAGE")
	if image == "" || os.Getenv("DOCKER_HOST") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("PLAID_EMULATOR_IMAGE and DOCKER_HOST must be set under CI (testdata/container/check.sh sets them)")
		}
		t.Skip("skipped: needs PLAID_EMULATOR_IMAGE and DOCKER_HOST (run testdata/container/check.sh)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := plaidemulator.Run(ctx, image, plaidemulator.WithSeed(7), plaidemulator.WithFixtures("testdata/fixtures"),
		plaidemulator.WithFlags(map[string]string{"FREEZE_CLOCK": "1"}))
	testcontainers.CleanupContainer(t, c)
	if err != nil {
		t.Fatal(err)
	}
	base, err := c.BaseURL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := plaid.NewConfiguration()
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", "tc_client")
	cfg.AddDefaultHeader("PLAID-SECRET", "tc_secret")
	cfg.Servers = plaid.ServerConfigurations{{URL: base}}
	api := plaid.NewAPIClient(cfg).PlaidApi

	pt, _, err := api.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(
		*plaid.NewSandboxPublicTokenCreateRequest("ins_109508", []plaid.Products{plaid.PRODUCTS_TRANSACTIONS})).Execute()
	if err != nil {
		t.Fatal(err)
	}
	ex, _, err := api.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(*plaid.NewItemPublicTokenExchangeRequest(pt.GetPublicToken())).Execute()
	if err != nil {
		t.Fatal(err)
	}
	accts, _, err := api.AccountsGet(ctx).AccountsGetRequest(*plaid.NewAccountsGetRequest(ex.GetAccessToken())).Execute()
	if err != nil || len(accts.GetAccounts()) == 0 {
		t.Fatalf("accounts: %v %v", accts, err)
	}
	sync, _, err := api.TransactionsSync(ctx).TransactionsSyncRequest(*plaid.NewTransactionsSyncRequest(ex.GetAccessToken())).Execute()
	if err != nil || len(sync.GetAdded()) == 0 {
		t.Fatalf("transactions/sync: %d added, %v", len(sync.GetAdded()), err)
	}
	// The fixture directory's institution is served (WithFixtures).
	inst, _, err := api.InstitutionsGetById(ctx).InstitutionsGetByIdRequest(
		*plaid.NewInstitutionsGetByIdRequest("ins_tc_1", []plaid.CountryCode{plaid.COUNTRYCODE_US})).Execute()
	if err != nil || inst.Institution.GetName() != "Testcontainers Bank" {
		t.Fatalf("fixture institution: %v %v", inst, err)
	}
	if err := c.Stop(ctx, nil); err != nil {
		t.Fatal(err)
	}
}
