package signal

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// /signal/schedule (in Plaid's clients, not its docs): the best day to
// debit the account, over today (Eastern time) and the next five banking
// days. The emulator has no cash-flow model for it: every banking day is
// RECOMMENDED, ranked in date order, so the first is the optimal date;
// today, when it is a day off, is NOT_RECOMMENDED, unranked.

type signalScheduleRequest struct {
	product.Credentials
	AccessToken          string   `json:"access_token" plaid:"required"`
	AccountID            string   `json:"account_id" plaid:"required"`
	ClientTransactionID  string   `json:"client_transaction_id" plaid:"required,minlen=1,maxlen=36"`
	Amount               *float64 `json:"amount" plaid:"required"`
	DefaultPaymentMethod *string  `json:"default_payment_method" plaid:"enum=signal_payment_methods"`
}

type scheduleRecommendation struct {
	Date           string `json:"date"`
	Recommendation string `json:"recommendation"`
	Rank           *int   `json:"rank"`
}

type signalScheduleResponse struct {
	OptimalDate     *string                  `json:"optimal_date"`
	Recommendations []scheduleRecommendation `json:"recommendations"`
	Warnings        []any                    `json:"warnings"`
	wire.Response
}

// scheduleDays is how many banking days a schedule covers after today.
const scheduleDays = 5

var eastern = func() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.FixedZone("EST", -5*3600)
}()

// HandleSignalSchedule serves POST /signal/schedule. A client_transaction_id
// already scheduled or evaluated is CLIENT_TRANSACTION_ID_ALREADY_IN_USE.
func (p *API) HandleSignalSchedule(c *product.Call, req *signalScheduleRequest) (any, *wire.Error) {
	if *req.Amount <= 0 {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("amount must be a positive number")
	}
	it, err := c.ProductItem(req.AccessToken, "signal")
	if err != nil {
		return nil, err
	}
	if product.AccountIndex(it, req.AccountID) < 0 {
		return nil, wire.New(wire.CodeInvalidAccountID)
	}
	if p.isKnown(c.ClientID, req.ClientTransactionID) {
		return nil, wire.New(wire.CodeClientTransactionIDAlreadyInUse)
	}
	p.evaluated(c.ClientID, req.ClientTransactionID)
	y, m, d := c.Now.In(eastern).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	out := &signalScheduleResponse{Recommendations: []scheduleRecommendation{}, Warnings: []any{}}
	days := []time.Time{day}
	for next := day; len(days) <= scheduleDays; {
		next = product.BankingDay(next.AddDate(0, 0, 1))
		days = append(days, next)
	}
	rank := 0
	for _, date := range days {
		r := scheduleRecommendation{Date: date.Format(time.DateOnly), Recommendation: "NOT_RECOMMENDED"}
		if product.BankingDay(date).Equal(date) {
			rank++
			r.Recommendation, r.Rank = "RECOMMENDED", product.Ptr(rank)
			if rank == 1 {
				out.OptimalDate = product.Ptr(r.Date)
			}
		}
		out.Recommendations = append(out.Recommendations, r)
	}
	return out, nil
}
