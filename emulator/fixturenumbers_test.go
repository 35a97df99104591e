package emulator_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// TestFixtureCheckingWithoutNumbersHasAuth: a fixture checking account
// written without numbers: gets ACH numbers drawn from the seed (ending in
// its mask, with the institution's routing number), so /auth/get answers
// instead of NO_AUTH_ACCOUNTS; the same seed draws the same numbers.
func TestFixtureCheckingWithoutNumbersHasAuth(t *testing.T) {
	over, err := fixtures.Load(fstest.MapFS{"users.yaml": {Data: []byte("users:\n  - username: user_plain\n    password: p\n    accounts:\n      - {name: Plain Checking, mask: \"4242\", type: depository, subtype: checking, balances: {available: 10, current: 10}}\n")}})
	if err != nil {
		t.Fatal(err)
	}
	numbers := func() map[string]any {
		e := newEnv(t, withFixtures(fixtures.Merge(fixtures.Default(), over)), withSeed(7))
		it := e.link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_plain", "override_password": "p"})
		ach := list(obj(e.call("/auth/get", map[string]any{"access_token": it.accessToken}).ok(t)["numbers"])["ach"])
		if len(ach) != 1 {
			t.Fatalf("ach = %v", ach)
		}
		return obj(ach[0])
	}
	a, b := numbers(), numbers()
	if acct := a["account"].(string); !strings.HasSuffix(acct, "4242") || len(acct) != 13 || a["routing"] != "011401533" {
		t.Fatalf("numbers = %v", a)
	}
	if a["account"] != b["account"] {
		t.Fatalf("the same seed drew %v and %v", a["account"], b["account"])
	}
}
