package logins

import (
	"cmp"
	"math"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// A user_custom account's holdings, investment_transactions and liability,
// in the Sandbox configuration's shape (securities named inline by ticker,
// ISIN or CUSIP; a liability's rates as purchase_apr and friends).

type customSecurity struct {
	TickerSymbol string `json:"ticker_symbol"`
	ISIN         string `json:"isin"`
	CUSIP        string `json:"cusip"`
	Name         string `json:"name"`
	Currency     string `json:"currency"`
}

type customHolding struct {
	InstitutionPrice     float64        `json:"institution_price"`
	InstitutionPriceAsOf *string        `json:"institution_price_as_of"`
	CostBasis            *float64       `json:"cost_basis"`
	Quantity             float64        `json:"quantity"`
	Currency             string         `json:"currency"`
	Security             customSecurity `json:"security"`
}

type customInvestmentTxn struct {
	Date     string          `json:"date"`
	Name     string          `json:"name"`
	Quantity float64         `json:"quantity"`
	Price    float64         `json:"price"`
	Fees     *float64        `json:"fees"`
	Type     string          `json:"type"`
	Subtype  string          `json:"subtype"`
	Currency string          `json:"currency"`
	Security *customSecurity `json:"security"`
}

type customLiability struct {
	Type string `json:"type"` // credit, student, mortgage
	// credit
	PurchaseAPR          *float64 `json:"purchase_apr"`
	CashAPR              *float64 `json:"cash_apr"`
	BalanceTransferAPR   *float64 `json:"balance_transfer_apr"`
	SpecialAPR           *float64 `json:"special_apr"`
	LastPaymentAmount    *float64 `json:"last_payment_amount"`
	LastStatementBalance *float64 `json:"last_statement_balance"`
	MinimumPaymentAmount *float64 `json:"minimum_payment_amount"`
	IsOverdue            *bool    `json:"is_overdue"`
	NextPaymentDueDate   *string  `json:"next_payment_due_date"`
	// student and mortgage
	OriginationDate    *string  `json:"origination_date"`
	Principal          *float64 `json:"principal"`
	NominalAPR         *float64 `json:"nominal_apr"`
	LoanName           *string  `json:"loan_name"`
	LoanTerm           *string  `json:"loan_term"`
	ExpectedPayoffDate *string  `json:"expected_payoff_date"`
	RepaymentModel     *struct {
		Type string `json:"type"`
	} `json:"repayment_model"`
}

// investments fills the account's holdings, investment transactions and own
// securities from the configuration's entry i.
func (ca *customAccount) investments(i int, a *fixtures.Account) *wire.Error {
	bad := func(format string, args ...any) *wire.Error {
		return wire.New(wire.CodeInvalidCredentials).WithMessage("override_accounts[%d]."+format, append([]any{i}, args...)...)
	}
	if (len(ca.Holdings) > 0 || len(ca.InvestmentTransactions) > 0) && a.Type != "investment" {
		return bad("holdings and investment_transactions need an investment account")
	}
	seen := map[string]bool{}
	security := func(cs customSecurity, price *float64) (string, bool) {
		key := cmp.Or(cs.TickerSymbol, cs.ISIN, cs.CUSIP)
		if key == "" {
			return "", false
		}
		id := ledger.HashID("custom-security/" + key)
		if !seen[id] {
			seen[id] = true
			cur := cmp.Or(cs.Currency, "USD")
			f := false
			a.OwnSecurities = append(a.OwnSecurities, fixtures.Security{SecurityID: id, Name: product.Ptr(cmp.Or(cs.Name, key)),
				TickerSymbol: ledger.NilIfEmpty(cs.TickerSymbol), ISIN: ledger.NilIfEmpty(cs.ISIN), CUSIP: ledger.NilIfEmpty(cs.CUSIP),
				IsCashEquivalent: &f, ClosePrice: price, ISOCurrencyCode: &cur})
		}
		return id, true
	}
	for j, h := range ca.Holdings {
		price := h.InstitutionPrice
		id, ok := security(h.Security, &price)
		if !ok {
			return bad("holdings[%d].security needs a ticker_symbol, isin or cusip", j)
		}
		a.Holdings = append(a.Holdings, fixtures.Holding{SecurityID: id, Quantity: h.Quantity, InstitutionPrice: h.InstitutionPrice,
			InstitutionPriceAsOf: h.InstitutionPriceAsOf, CostBasis: h.CostBasis, Currency: cmp.Or(h.Currency, "USD")})
	}
	for j, t := range ca.InvestmentTransactions {
		if _, err := time.Parse(time.DateOnly, t.Date); err != nil {
			return bad("investment_transactions[%d].date must be YYYY-MM-DD", j)
		}
		if !fixtures.Contains(fixtures.InvestmentTransactionTypes, t.Type) {
			return bad("investment_transactions[%d].type %q is not one of buy, sell, cancel, cash, fee, transfer", j, t.Type)
		}
		sub := cmp.Or(t.Subtype, map[string]string{"buy": "buy", "sell": "sell", "cancel": "adjustment", "cash": "deposit",
			"fee": "account fee", "transfer": "transfer"}[t.Type])
		if !fixtures.Contains(fixtures.InvestmentTransactionSubtypes, sub) {
			return bad("investment_transactions[%d].subtype %q is not an investment transaction subtype", j, sub)
		}
		amount := math.Round(math.Abs(t.Quantity*t.Price)*100) / 100
		if t.Type == "sell" {
			amount = -amount
		}
		tx := fixtures.InvestmentTransaction{Date: t.Date, Name: cmp.Or(t.Name, t.Type), Quantity: t.Quantity, Price: t.Price,
			Amount: amount, Fees: t.Fees, Type: t.Type, Subtype: sub, Currency: cmp.Or(t.Currency, "USD")}
		if t.Security != nil {
			id, ok := security(*t.Security, nil)
			if !ok {
				return bad("investment_transactions[%d].security needs a ticker_symbol, isin or cusip", j)
			}
			tx.SecurityID = &id
		}
		a.InvestmentTransactions = append(a.InvestmentTransactions, tx)
	}
	return nil
}

// liability turns the configuration's liability into what /liabilities/get
// reports for the account.
func (l *customLiability) liability(i int, a *fixtures.Account) (*fixtures.Liability, *wire.Error) {
	sub := ""
	if a.Subtype != nil {
		sub = *a.Subtype
	}
	fits := map[string]bool{"credit": a.Type == "credit", "student": a.Type == "loan" && sub == "student",
		"mortgage": a.Type == "loan" && sub == "mortgage"}
	if !fits[l.Type] {
		return nil, wire.New(wire.CodeInvalidCredentials).WithMessage(
			"override_accounts[%d].liability.type %q does not fit a %s/%s account (credit, student or mortgage)", i, l.Type, a.Type, sub)
	}
	switch l.Type {
	case "credit":
		c := &fixtures.CreditLiability{APRs: []fixtures.APR{}, IsOverdue: l.IsOverdue, LastPaymentAmount: l.LastPaymentAmount,
			LastStatementBalance: l.LastStatementBalance, MinimumPaymentAmount: l.MinimumPaymentAmount, NextPaymentDueDate: l.NextPaymentDueDate}
		for _, r := range []struct {
			v   *float64
			typ string
		}{{l.BalanceTransferAPR, "balance_transfer_apr"}, {l.CashAPR, "cash_apr"}, {l.PurchaseAPR, "purchase_apr"}, {l.SpecialAPR, "special"}} {
			if r.v != nil {
				c.APRs = append(c.APRs, fixtures.APR{APRPercentage: *r.v, APRType: r.typ})
			}
		}
		return &fixtures.Liability{Credit: c}, nil
	case "student":
		s := &fixtures.StudentLiability{OriginationDate: l.OriginationDate, OriginationPrincipalAmount: l.Principal,
			LoanName: l.LoanName, ExpectedPayoffDate: l.ExpectedPayoffDate, MinimumPaymentAmount: l.MinimumPaymentAmount,
			LastPaymentAmount: l.LastPaymentAmount, IsOverdue: l.IsOverdue, NextPaymentDueDate: l.NextPaymentDueDate}
		if l.NominalAPR != nil {
			s.InterestRatePercentage = *l.NominalAPR
		}
		if m := l.RepaymentModel; m != nil && fixtures.Contains(fixtures.StudentRepaymentPlans, m.Type) {
			s.RepaymentPlan.Type = &m.Type
		}
		return &fixtures.Liability{Student: s}, nil
	default: // mortgage
		m := &fixtures.MortgageLiability{OriginationDate: l.OriginationDate, OriginationPrincipalAmount: l.Principal,
			LoanTerm: l.LoanTerm, LastPaymentAmount: l.LastPaymentAmount, NextPaymentDueDate: l.NextPaymentDueDate}
		if l.NominalAPR != nil {
			m.InterestRate.Percentage, m.InterestRate.Type = l.NominalAPR, product.Ptr("fixed")
		}
		return &fixtures.Liability{Mortgage: m}, nil
	}
}
