package users

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /sandbox/user/fire_webhook (plaid-node 47): a Consumer Report webhook
// about a user, to the URL given, in the code the user's regime hears
// (CHECK_REPORT_* for a legacy user; USER_CHECK_REPORT_* for a new one;
// either is taken). Consumer Report itself is issue #29's; the webhook
// names the user's Items and, when ready, the base report.

var checkReportCodes = []string{"CHECK_REPORT_READY", "CHECK_REPORT_FAILED", "USER_CHECK_REPORT_READY", "USER_CHECK_REPORT_FAILED"}

type fireWebhookRequest struct {
	product.Credentials
	userRef
	WebhookType string `json:"webhook_type" plaid:"required"`
	WebhookCode string `json:"webhook_code" plaid:"required"`
	Webhook     string `json:"webhook" plaid:"required,format=url"`
}

type fireWebhookResponse struct {
	WebhookFired bool `json:"webhook_fired"`
	wire.Response
}

// HandleFireWebhook serves POST /sandbox/user/fire_webhook.
func (a *API) HandleFireWebhook(c *product.Call, req *fireWebhookRequest) (any, *wire.Error) {
	if req.WebhookType != "CHECK_REPORT" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("webhook_type must be CHECK_REPORT, not %q", wire.Clip(req.WebhookType, 40))
	}
	if !slices.Contains(checkReportCodes, req.WebhookCode) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("webhook_code must be one of CHECK_REPORT_READY, CHECK_REPORT_FAILED, USER_CHECK_REPORT_READY, USER_CHECK_REPORT_FAILED")
	}
	var fields map[string]any
	err := a.locked(func() *wire.Error {
		u, err := a.findLocked(c.ClientID, req.userRef)
		if err != nil {
			return err
		}
		fields = map[string]any{"user_id": u.ID, "item_ids": product.NonNil(slices.Clone(u.ItemIDs))}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if req.WebhookCode == "CHECK_REPORT_READY" || req.WebhookCode == "USER_CHECK_REPORT_READY" {
		fields["successful_products"], fields["failed_products"] = []string{"cra_base_report"}, []string{}
	}
	c.Emit(product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: c.ClientID}, To: req.Webhook, Type: "CHECK_REPORT", Code: req.WebhookCode, Fields: fields}})
	return &fireWebhookResponse{WebhookFired: true}, nil
}
