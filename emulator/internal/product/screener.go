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

// Verifier is Identity Verification as Link reaches it: the session a
// link token opens, and the answers its panes send.
type Verifier interface {
	// LinkSession is the session Link opens for a user and a template:
	// the user's newest one for it, or a new one (prefilled with the link
	// token's user fields, a JSON object).
	LinkSession(c *Call, clientUserID, templateID string, consent bool, prefill []byte) (string, *wire.Error)
	// LinkAnswer runs a session's steps with what a pane sent (a JSON
	// object; none: only reads it): the session as the API shows it.
	LinkAnswer(c *Call, id string, answers []byte) (map[string]any, *wire.Error)
	// Shared is the client of a shareable session whose key is key (false:
	// no such session, or another key).
	Shared(id, key string) (clientID string, ok bool)
}
