package statements

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Statements' events and their webhooks.

// Refreshed: /statements/refresh finished.
type Refreshed struct{ It product.Item }

func (e Refreshed) Webhooks(time.Time) []product.Outgoing {
	return []product.Outgoing{{It: e.It, Type: "STATEMENTS", Code: "STATEMENTS_REFRESH_COMPLETE", Fields: map[string]any{"result": "SUCCESS"}}}
}
