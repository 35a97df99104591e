// Package signal serves Signal: /signal/evaluate with the emulator's score
// rule, the decision and return reports, and /signal/prepare. Its state is
// the transaction ids each client evaluated.
package signal

import (
	"math"
	"sync"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Signal: the return risk of an ACH debit from a linked account. Plaid's
// model is its own; the emulator scores from the account's balance and the
// amount (docs/choices.md), so a test can steer a score.

type signalEvaluateRequest struct {
	product.Credentials
	Transaction
	AccessToken    string  `json:"access_token" plaid:"required"`
	AccountID      string  `json:"account_id" plaid:"required"`
	RiskProfileKey *string `json:"risk_profile_key"`
}

// signalTransaction is the debit both sides evaluate.
type Transaction struct {
	ClientTransactionID  string   `json:"client_transaction_id" plaid:"required,minlen=1,maxlen=36"`
	Amount               *float64 `json:"amount" plaid:"required"`
	UserPresent          *bool    `json:"user_present"`
	ClientUserID         *string  `json:"client_user_id"`
	IsRecurring          *bool    `json:"is_recurring"`
	DefaultPaymentMethod *string  `json:"default_payment_method"`
	User                 any      `json:"user"`
	Device               any      `json:"device"`
	RulesetKey           *string  `json:"ruleset_key"`
}

func (t *Transaction) Check() *wire.Error {
	if *t.Amount <= 0 {
		return wire.New(wire.CodeInvalidField).WithMessage("amount must be greater than 0")
	}
	return nil
}

type signalRisk struct {
	Score    int `json:"score"`
	RiskTier int `json:"risk_tier"`
}

type signalEvaluateResponse struct {
	Scores struct {
		CustomerInitiatedReturnRisk signalRisk `json:"customer_initiated_return_risk"`
		BankInitiatedReturnRisk     signalRisk `json:"bank_initiated_return_risk"`
	} `json:"scores"`
	CoreAttributes map[string]any `json:"core_attributes"`
	Ruleset        *ruleset       `json:"ruleset,omitempty"` // only when ruleset_key was given
	Warnings       []any          `json:"warnings"`
	wire.Response
}

// signalScores are the scores for amount against an account's balances:
// bank-initiated risk (NSF and the like) grows with the share of the
// available balance the debit takes, 99 beyond it; customer-initiated risk
// is 10, plus 30 when the user is not present and 20 above $1,000.
func signalScores(amount float64, available, current *float64, userPresent *bool) (customer, bank signalRisk) {
	bal := current
	if available != nil {
		bal = available
	}
	b := 99
	if bal != nil && *bal > 0 && amount <= *bal {
		b = 1 + int(math.Round(97*amount / *bal))
	}
	c := 10
	if userPresent == nil || !*userPresent {
		c += 30
	}
	if amount > 1000 {
		c += 20
	}
	return signalRisk{c, 1 + (c-1)*5/99}, signalRisk{b, 1 + (b-1)*8/99}
}

// HandleSignalEvaluate serves POST /signal/evaluate (adding signal to the
// Item on first use).
func (p *API) HandleSignalEvaluate(c *product.Call, req *signalEvaluateRequest) (any, *wire.Error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	it, err := c.ProductItem(req.AccessToken, "signal")
	if err != nil {
		return nil, err
	}
	i := product.AccountIndex(it, req.AccountID)
	if i < 0 {
		return nil, wire.New(wire.CodeInvalidAccountID)
	}
	return p.Evaluate(c, it, &it.Accounts[i], &req.Transaction), nil
}

// Evaluate scores the transaction's debit from the account, applies the
// ruleset it names, and records the client's transaction id.
func (p *API) Evaluate(c *product.Call, it product.Item, a *product.Account, tx *Transaction) *signalEvaluateResponse {
	out := &signalEvaluateResponse{Warnings: []any{}}
	out.Scores.CustomerInitiatedReturnRisk, out.Scores.BankInitiatedReturnRisk =
		signalScores(*tx.Amount, a.Balances.Available, a.Balances.Current, tx.UserPresent)
	if tx.RulesetKey != nil && *tx.RulesetKey != "" {
		out.Ruleset = applyRuleset(*tx.RulesetKey, c.Forced["signal_result"], ruleOf(*a), out.Scores.CustomerInitiatedReturnRisk, out.Scores.BankInitiatedReturnRisk)
	}
	txID := tx.ClientTransactionID
	out.CoreAttributes = map[string]any{
		"available_balance": a.Balances.Available, "current_balance": a.Balances.Current,
		"is_savings_or_money_market_account": a.Subtype != nil && (*a.Subtype == "savings" || *a.Subtype == "money market"),
		"days_since_first_plaid_connection":  int(c.Now.Sub(it.CreatedAt).Hours() / 24),
	}
	p.evaluated(c.ClientID, txID)
	return out
}

// API is Signal's state: the client_transaction_ids each client has
// evaluated, so that reports about others are refused (not kept with
// --state). It remembers the newest MaxEvaluations of them.
type API struct {
	mu    sync.Mutex
	known map[string]bool // client_id NUL client_transaction_id →
	order []string        // the keys of known, oldest first
}

// MaxEvaluations is how many evaluated transactions Signal remembers.
const MaxEvaluations = 100_000

// New makes Signal with nothing evaluated.
func New() *API { return &API{known: map[string]bool{}} }

// Reset forgets every evaluation.
func (p *API) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.known, p.order = map[string]bool{}, nil
}

func (p *API) evaluated(clientID, txID string) {
	k := clientID + "\x00" + txID
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known[k] {
		return
	}
	p.known[k] = true
	p.order = append(p.order, k)
	if len(p.order) > MaxEvaluations+MaxEvaluations/16 { // forget the oldest, a batch at a time
		drop := len(p.order) - MaxEvaluations
		for _, old := range p.order[:drop] {
			delete(p.known, old)
		}
		p.order = append([]string(nil), p.order[drop:]...)
	}
}

func (p *API) isKnown(clientID, txID string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.known[clientID+"\x00"+txID]
}

type DecisionReportRequest struct {
	product.Credentials
	ClientTransactionID      string   `json:"client_transaction_id" plaid:"required,minlen=1,maxlen=36"`
	Initiated                *bool    `json:"initiated" plaid:"required"`
	DaysFundsOnHold          *int     `json:"days_funds_on_hold" plaid:"min=0"`
	DecisionOutcome          *string  `json:"decision_outcome"`
	PaymentMethod            *string  `json:"payment_method"`
	AmountInstantlyAvailable *float64 `json:"amount_instantly_available"`
	SubmittedAt              *string  `json:"submitted_at" plaid:"format=date-time"`
}

type ReturnReportRequest struct {
	product.Credentials
	ClientTransactionID string  `json:"client_transaction_id" plaid:"required,minlen=1,maxlen=36"`
	ReturnCode          string  `json:"return_code" plaid:"required,minlen=1"`
	ReturnedAt          *string `json:"returned_at" plaid:"format=date-time"`
}

func (p *API) checkKnown(c *product.Call, txID string) *wire.Error {
	if !p.isKnown(c.ClientID, txID) {
		return wire.New(wire.CodeInvalidField).WithMessage("client_transaction_id %q was not evaluated with /signal/evaluate", txID)
	}
	return nil
}

// HandleSignalDecisionReport serves POST /signal/decision/report.
func (p *API) HandleSignalDecisionReport(c *product.Call, req *DecisionReportRequest) (any, *wire.Error) {
	if err := p.checkKnown(c, req.ClientTransactionID); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}

// HandleSignalReturnReport serves POST /signal/return/report.
func (p *API) HandleSignalReturnReport(c *product.Call, req *ReturnReportRequest) (any, *wire.Error) {
	if err := p.checkKnown(c, req.ClientTransactionID); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}

// HandleSignalPrepare serves POST /signal/prepare: the Item gets signal.
func (p *API) HandleSignalPrepare(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	if _, err := c.ProductItem(req.AccessToken, "signal"); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}
