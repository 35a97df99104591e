package emulator

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"

// RetryPolicy says how a failed webhook delivery is retried.
type RetryPolicy = webhooks.RetryPolicy

var (
	// FastRetry (the default) suits tests: 5 attempts, 0.5 s apart.
	FastRetry = webhooks.FastRetry
	// RealRetry is Plaid's: 30 s, then 4× each time, for up to 24 h.
	RealRetry = webhooks.RealRetry
)

// DefaultWebhookTimeout is how long an attempt waits for an answer, as Plaid.
const DefaultWebhookTimeout = webhooks.DefaultWebhookTimeout
