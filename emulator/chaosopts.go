package emulator

import "github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"

// Rate limit modes (Options.RateLimits).
const (
	RateLimitsOff        = chaos.RateLimitsOff
	RateLimitsSandbox    = chaos.RateLimitsSandbox
	RateLimitsProduction = chaos.RateLimitsProduction
)

// DefaultJournalSize is how many requests the journal keeps.
const DefaultJournalSize = chaos.DefaultJournalSize
