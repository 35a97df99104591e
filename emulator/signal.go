package emulator

import (
	"math"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Signal: the return risk of an ACH debit from a linked account. Plaid's
// model is its own; the emulator scores from the account's balance and the
// amount (README, choices), so a test can steer a score.

type signalEvaluateRequest struct {
	product.Credentials
	signalTransaction
	AccessToken    string  `json:"access_token" plaid:"required"`
	AccountID      string  `json:"account_id" plaid:"required"`
	RiskProfileKey *string `json:"risk_profile_key"`
}

// signalTransaction is the debit both sides evaluate.
type signalTransaction struct {
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

func (t *signalTransaction) check() *wire.Error {
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

// handleSignalEvaluate serves POST /signal/evaluate (adding signal to the
// Item on first use).
func handleSignalEvaluate(c *call, req *signalEvaluateRequest) (any, *wire.Error) {
	if err := req.check(); err != nil {
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
	return c.signalEvaluate(it, &it.Accounts[i], req.ClientTransactionID, *req.Amount, req.UserPresent), nil
}

// signalEvaluate scores a debit of amount from the account and records the
// client's transaction id.
func (c *call) signalEvaluate(it product.Item, a *product.Account, txID string, amount float64, userPresent *bool) *signalEvaluateResponse {
	out := &signalEvaluateResponse{Warnings: []any{}}
	out.Scores.CustomerInitiatedReturnRisk, out.Scores.BankInitiatedReturnRisk =
		signalScores(amount, a.Balances.Available, a.Balances.Current, userPresent)
	out.CoreAttributes = map[string]any{
		"available_balance": a.Balances.Available, "current_balance": a.Balances.Current,
		"is_savings_or_money_market_account": a.Subtype != nil && (*a.Subtype == "savings" || *a.Subtype == "money market"),
		"days_since_first_plaid_connection":  int(c.Now.Sub(it.CreatedAt).Hours() / 24),
	}
	c.s.store.signalEvaluated(c.ClientID, txID)
	return out
}

// signalEvaluated records an evaluated client_transaction_id of a client,
// so that reports about others are refused.
func (s *store) signalEvaluated(clientID, txID string) {
	s.mu.Lock() // not state worth saving with --state
	defer s.mu.Unlock()
	s.signals[clientID+"\x00"+txID] = true
}

func (s *store) signalKnown(clientID, txID string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.signals[clientID+"\x00"+txID]
}

type signalDecisionReportRequest struct {
	product.Credentials
	ClientTransactionID      string   `json:"client_transaction_id" plaid:"required,minlen=1,maxlen=36"`
	Initiated                *bool    `json:"initiated" plaid:"required"`
	DaysFundsOnHold          *int     `json:"days_funds_on_hold" plaid:"min=0"`
	DecisionOutcome          *string  `json:"decision_outcome"`
	PaymentMethod            *string  `json:"payment_method"`
	AmountInstantlyAvailable *float64 `json:"amount_instantly_available"`
	SubmittedAt              *string  `json:"submitted_at" plaid:"format=date-time"`
}

type signalReturnReportRequest struct {
	product.Credentials
	ClientTransactionID string  `json:"client_transaction_id" plaid:"required,minlen=1,maxlen=36"`
	ReturnCode          string  `json:"return_code" plaid:"required,minlen=1"`
	ReturnedAt          *string `json:"returned_at" plaid:"format=date-time"`
}

func (c *call) knownSignal(txID string) *wire.Error {
	if !c.s.store.signalKnown(c.ClientID, txID) {
		return wire.New(wire.CodeInvalidField).WithMessage("client_transaction_id %q was not evaluated with /signal/evaluate", txID)
	}
	return nil
}

// handleSignalDecisionReport serves POST /signal/decision/report.
func handleSignalDecisionReport(c *call, req *signalDecisionReportRequest) (any, *wire.Error) {
	if err := c.knownSignal(req.ClientTransactionID); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}

// handleSignalReturnReport serves POST /signal/return/report.
func handleSignalReturnReport(c *call, req *signalReturnReportRequest) (any, *wire.Error) {
	if err := c.knownSignal(req.ClientTransactionID); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}

// handleSignalPrepare serves POST /signal/prepare: the Item gets signal.
func handleSignalPrepare(c *call, req *product.AccessTokenRequest) (any, *wire.Error) {
	if _, err := c.ProductItem(req.AccessToken, "signal"); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}

// The partner side: a processor token in place of the access token and
// account.

type processorSignalEvaluateRequest struct {
	product.Credentials
	signalTransaction
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

// handleProcessorSignalEvaluate serves POST /processor/signal/evaluate.
func handleProcessorSignalEvaluate(c *call, req *processorSignalEvaluateRequest) (any, *wire.Error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	_, it, i, err := c.processorAccount(req.ProcessorToken, "signal")
	if err != nil {
		return nil, err
	}
	return c.signalEvaluate(it, &it.Accounts[i], req.ClientTransactionID, *req.Amount, req.UserPresent), nil
}

type processorSignalDecisionReportRequest struct {
	signalDecisionReportRequest
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

type processorSignalReturnReportRequest struct {
	signalReturnReportRequest
	ProcessorToken string `json:"processor_token" plaid:"required"`
}

// handleProcessorSignalDecisionReport serves POST /processor/signal/decision/report.
func handleProcessorSignalDecisionReport(c *call, req *processorSignalDecisionReportRequest) (any, *wire.Error) {
	if _, _, _, err := c.processorAccount(req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return handleSignalDecisionReport(c, &req.signalDecisionReportRequest)
}

// handleProcessorSignalReturnReport serves POST /processor/signal/return/report.
func handleProcessorSignalReturnReport(c *call, req *processorSignalReturnReportRequest) (any, *wire.Error) {
	if _, _, _, err := c.processorAccount(req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return handleSignalReturnReport(c, &req.signalReturnReportRequest)
}

// handleProcessorSignalPrepare serves POST /processor/signal/prepare.
func handleProcessorSignalPrepare(c *call, req *processorTokenRequest) (any, *wire.Error) {
	if _, _, _, err := c.processorAccount(req.ProcessorToken, "signal"); err != nil {
		return nil, err
	}
	return &wire.Response{}, nil
}
