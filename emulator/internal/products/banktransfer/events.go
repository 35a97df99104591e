package banktransfer

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// EventsUpdate: new bank transfer events exist. BANK_TRANSFERS_EVENTS_UPDATE
// goes to To (Plaid sends it to the Dashboard's URL; the Sandbox's
// fire_webhook names one); it names no transfer (the receiver calls
// /bank_transfer/event/sync).
type EventsUpdate struct{ To string }

func (e EventsUpdate) Webhooks(time.Time) []product.Outgoing {
	return []product.Outgoing{{To: e.To, Type: "BANK_TRANSFERS", Code: "BANK_TRANSFERS_EVENTS_UPDATE", Fields: map[string]any{}}}
}
