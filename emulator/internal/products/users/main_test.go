package users_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/users"
)

// TestMain checks that every users path had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "users", plaidtest.Paths(users.New(nil))) }
