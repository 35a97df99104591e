package emulator

import (
	"sync"

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

// rateLimits are the reference's tables (§8): Sandbox and Production.
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
	},
	RateLimitsProduction: {
		"/accounts/balance/get":        {5, 1200, "ACCOUNTS_BALANCE_GET_LIMIT"},
		"/accounts/get":                {15, 15000, "ACCOUNTS_LIMIT"},
		"/auth/get":                    {15, 12000, "AUTH_LIMIT"},
		"/identity/get":                {15, 2000, "IDENTITY_LIMIT"},
		"/item/get":                    {15, 5000, "ITEM_GET_LIMIT"},
		"/item/remove":                 {30, 2000, wire.CodeRateLimit},
		"/transactions/get":            {30, 20000, "TRANSACTIONS_LIMIT"},
		"/transactions/sync":           {50, 2500, "TRANSACTIONS_SYNC_LIMIT"},
		"/transactions/refresh":        {2, 100, wire.CodeRateLimit},
		"/transactions/recurring/get":  {20, 1000, wire.CodeRateLimit},
		"/sandbox/transactions/create": {2, 50, wire.CodeRateLimit},
		"/liabilities/get":             {15, 1000, wire.CodeRateLimit},
		"/investments/holdings/get":    {15, 2000, wire.CodeRateLimit},
		"/institutions/get":            {0, 50, "INSTITUTIONS_GET_LIMIT"},
		"/institutions/get_by_id":      {0, 400, "INSTITUTIONS_GET_BY_ID_LIMIT"},
		"/processor/token/create":      {0, 500, wire.CodeRateLimit},
	},
}

// limiter counts calls in fixed one-minute windows of the emulator clock.
type limiter struct {
	rules  map[string]limitRule
	mu     sync.Mutex
	minute int64
	counts map[limitKey]int
}

type limitKey struct {
	path, scope, id string
}

func newLimiter(mode string) *limiter {
	return &limiter{rules: rateLimits[mode], counts: map[limitKey]int{}}
}

// check counts the call and refuses it past a limit, as Plaid: 429 with
// the endpoint's RATE_LIMIT_EXCEEDED code (and no Retry-After header).
func (l *limiter) check(c *call) *wire.Error {
	if l == nil || l.rules == nil {
		return nil
	}
	rule, ok := l.rules[c.r.URL.Path]
	if !ok {
		return nil
	}
	itemID := ""
	if tok, _ := c.obj["access_token"].(string); tok != "" && rule.perItem > 0 {
		itemID = c.s.store.itemIDFor(tok)
	}
	minute := c.now.Unix() / 60
	l.mu.Lock()
	defer l.mu.Unlock()
	if minute != l.minute {
		l.minute, l.counts = minute, map[limitKey]int{}
	}
	ck := limitKey{c.r.URL.Path, "client", c.clientID}
	ik := limitKey{c.r.URL.Path, "item", itemID}
	if (rule.perClient > 0 && l.counts[ck] >= rule.perClient) || (itemID != "" && l.counts[ik] >= rule.perItem) {
		return wire.New(rule.code)
	}
	l.counts[ck]++
	if itemID != "" {
		l.counts[ik]++
	}
	return nil
}

func (l *limiter) reset() {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.counts = map[limitKey]int{}
	l.mu.Unlock()
}
