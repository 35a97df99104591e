package product

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Screener is Monitor (watchlist screening) as another product reaches it:
// Identity Verification screens the person it verified.
type Screener interface {
	// ScreenPerson screens a person now under one of the client's
	// individual programs: the screening's id and status (cleared or
	// pending_review), and the events it makes.
	ScreenPerson(c *Call, programID, clientUserID, legalName, dob, country string) (id, status string, err *wire.Error)
	// ScreeningStatus is a screening's status now (false: no such screening).
	ScreeningStatus(id string) (string, bool)
}
