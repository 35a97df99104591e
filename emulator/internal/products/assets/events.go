package assets

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
)

// Assets' events and their webhooks.

// ReportReady: an asset report was made, for a report with a webhook.
type ReportReady struct {
	It            product.Item
	URL, ReportID string
}

func (e ReportReady) Webhooks(time.Time) []product.Outgoing {
	return []product.Outgoing{{It: e.It, To: e.URL, Type: "ASSETS", Code: "PRODUCT_READY",
		Fields: map[string]any{"asset_report_id": e.ReportID, "report_type": "FULL"}}}
}
