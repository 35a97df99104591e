package liabilities_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// Where plaid-go's and plaid-node's own integration tests, written against
// the real Sandbox, disagreed with the emulator: user_good's liabilities hold one
// credit card, one student loan and one mortgage.
func TestLiabilitiesAsPlaidsSuitesExpect(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"liabilities"}, nil)
	liab := plaidtest.Obj(e.Call("/liabilities/get", map[string]any{"access_token": it.AccessToken}).OK(t)["liabilities"])
	if len(plaidtest.List(liab["credit"])) != 1 || len(plaidtest.List(liab["student"])) != 1 || len(plaidtest.List(liab["mortgage"])) != 1 {
		t.Fatalf("user_good's liabilities: %d credit, %d student, %d mortgage", len(plaidtest.List(liab["credit"])), len(plaidtest.List(liab["student"])), len(plaidtest.List(liab["mortgage"])))
	}
}
