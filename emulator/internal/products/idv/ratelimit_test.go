package idv_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestIDVRateLimit: with --rate-limits sandbox, /identity_verification/get
// allows 60 calls a minute per client, as Plaid's Sandbox; the 61st is
// RATE_LIMIT_EXCEEDED until the emulator clock's next minute.
func TestIDVRateLimit(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)),
		func(o *emulator.Options) { o.RateLimits = emulator.RateLimitsSandbox })
	id := e.Call("/identity_verification/create", map[string]any{"client_user_id": "limited", "template_id": "idvtmp_ratelimit01", "gave_consent": true,
		"is_shareable": false}).OK(t)["id"]
	for i := range 60 {
		if r := e.Call("/identity_verification/get", map[string]any{"identity_verification_id": id}); r.Status != 200 {
			t.Fatalf("call %d refused: %s", i+1, r.Raw)
		}
	}
	e.Call("/identity_verification/get", map[string]any{"identity_verification_id": id}).PlaidErr(t, 429, "RATE_LIMIT_EXCEEDED", "RATE_LIMIT")
	e.Clock(map[string]any{"advance": "1m"})
	e.Call("/identity_verification/get", map[string]any{"identity_verification_id": id}).OK(t)
}
