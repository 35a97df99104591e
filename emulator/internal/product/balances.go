package product

// MarginBalancesJSON is AccountBalance with margin_loan_amount (null: the
// emulator has no margin), as investment and asset report accounts carry it.
type MarginBalancesJSON struct {
	BalancesJSON
	MarginLoanAmount *float64 `json:"margin_loan_amount"`
}
