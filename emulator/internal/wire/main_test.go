package wire

import (
	"os"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
)

// TestMain ends the run with one line when tests skipped (testnote).
func TestMain(m *testing.M) { os.Exit(testnote.Main(m, "emulator/internal/wire")) }
