package monitor_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/monitor"
)

// TestMain checks that every Monitor path had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "monitor", plaidtest.Paths(monitor.New(nil))) }
