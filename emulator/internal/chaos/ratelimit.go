package chaos

import (
	"sync"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Rate limit modes (Options.RateLimits).
const (
	RateLimitsOff        = "off"
	RateLimitsSandbox    = "sandbox"
	RateLimitsProduction = "production"
)

// limitRule is one endpoint's limits per minute (0: none) and its code.
type limitRule struct {
	perItem, perClient int
	code               string
}

// rateLimits are Plaid's tables (https://plaid.com/docs/errors/rate-limit-exceeded/): Sandbox and Production.
var rateLimits = map[string]map[string]limitRule{
	RateLimitsSandbox: {
		"/accounts/balance/get":        {25, 100, "ACCOUNTS_BALANCE_GET_LIMIT"},
		"/accounts/get":                {100, 5000, "ACCOUNTS_LIMIT"},
		"/auth/get":                    {100, 500, "AUTH_LIMIT"},
		"/identity/get":                {100, 1000, "IDENTITY_LIMIT"},
		"/item/get":                    {40, 5000, "ITEM_GET_LIMIT"},
		"/item/remove":                 {100, 500, wire.CodeRateLimit},
		"/transactions/get":            {80, 1000, "TRANSACTIONS_LIMIT"},
		"/transactions/sync":           {50, 1000, "TRANSACTIONS_SYNC_LIMIT"},
		"/transactions/refresh":        {2, 100, wire.CodeRateLimit},
		"/transactions/recurring/get":  {20, 1000, wire.CodeRateLimit},
		"/sandbox/transactions/create": {2, 50, wire.CodeRateLimit},
		"/liabilities/get":             {10, 1000, wire.CodeRateLimit},
		"/investments/holdings/get":    {100, 1000, wire.CodeRateLimit},
		"/institutions/get":            {0, 10, "INSTITUTIONS_GET_LIMIT"},
		"/institutions/get_by_id":      {0, 400, "INSTITUTIONS_GET_BY_ID_LIMIT"},
		"/processor/token/create":      {0, 500, wire.CodeRateLimit},
		// Identity Verification and Monitor (https://plaid.com/docs/errors/rate-limit-exceeded/).
		"/identity_verification/create":       {0, 60, wire.CodeRateLimit},
		"/identity_verification/get":          {0, 60, wire.CodeRateLimit},
		"/identity_verification/list":         {0, 60, wire.CodeRateLimit},
		"/identity_verification/retry":        {0, 60, wire.CodeRateLimit},
		"/watchlist_screening/individual/get": {0, 300, wire.CodeRateLimit},
	},
	RateLimitsProduction: {
		"/accounts/balance/get":               {5, 1200, "ACCOUNTS_BALANCE_GET_LIMIT"},
		"/accounts/get":                       {15, 15000, "ACCOUNTS_LIMIT"},
		"/auth/get":                           {15, 12000, "AUTH_LIMIT"},
		"/identity/get":                       {15, 2000, "IDENTITY_LIMIT"},
		"/item/get":                           {15, 5000, "ITEM_GET_LIMIT"},
		"/item/remove":                        {30, 2000, wire.CodeRateLimit},
		"/transactions/get":                   {30, 20000, "TRANSACTIONS_LIMIT"},
		"/transactions/sync":                  {50, 2500, "TRANSACTIONS_SYNC_LIMIT"},
		"/transactions/refresh":               {2, 100, wire.CodeRateLimit},
		"/transactions/recurring/get":         {20, 1000, wire.CodeRateLimit},
		"/sandbox/transactions/create":        {2, 50, wire.CodeRateLimit},
		"/liabilities/get":                    {15, 1000, wire.CodeRateLimit},
		"/investments/holdings/get":           {15, 2000, wire.CodeRateLimit},
		"/institutions/get":                   {0, 50, "INSTITUTIONS_GET_LIMIT"},
		"/institutions/get_by_id":             {0, 400, "INSTITUTIONS_GET_BY_ID_LIMIT"},
		"/processor/token/create":             {0, 500, wire.CodeRateLimit},
		"/identity_verification/create":       {0, 120, wire.CodeRateLimit},
		"/identity_verification/get":          {0, 420, wire.CodeRateLimit},
		"/identity_verification/list":         {0, 300, wire.CodeRateLimit},
		"/identity_verification/retry":        {0, 120, wire.CodeRateLimit},
		"/watchlist_screening/individual/get": {0, 300, wire.CodeRateLimit},
	},
}

// Limiter counts calls in fixed one-minute windows of the emulator clock.
type Limiter struct {
	rules  map[string]limitRule
	mu     sync.Mutex
	minute int64
	counts map[limitKey]int
}

type limitKey struct {
	path, scope, id string
}

func NewLimiter(mode string) *Limiter {
	return &Limiter{rules: rateLimits[mode], counts: map[limitKey]int{}}
}

// Limits reports whether path is rate-limited at all, and per Item.
func (l *Limiter) Limits(path string) (limited, perItem bool) {
	if l == nil || l.rules == nil {
		return false, false
	}
	rule, ok := l.rules[path]
	return ok, ok && rule.perItem > 0
}

// Check counts the call (itemID: the Item of its access token, "" for
// none) and refuses it past a limit, as Plaid: 429 with
// the endpoint's RATE_LIMIT_EXCEEDED code (and no Retry-After header).
func (l *Limiter) Check(path, clientID, itemID string, now time.Time) *wire.Error {
	rule, ok := l.rules[path]
	if !ok {
		return nil
	}
	if rule.perItem == 0 {
		itemID = ""
	}
	minute := now.Unix() / 60
	l.mu.Lock()
	defer l.mu.Unlock()
	if minute != l.minute {
		l.minute, l.counts = minute, map[limitKey]int{}
	}
	ck := limitKey{path, "client", clientID}
	ik := limitKey{path, "item", itemID}
	if (rule.perClient > 0 && l.counts[ck] >= rule.perClient) || (itemID != "" && l.counts[ik] >= rule.perItem) {
		return wire.New(rule.code)
	}
	l.counts[ck]++
	if itemID != "" {
		l.counts[ik]++
	}
	return nil
}

func (l *Limiter) Reset() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts = map[limitKey]int{}
}
