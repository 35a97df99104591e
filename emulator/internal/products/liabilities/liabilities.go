// Package liabilities serves /liabilities/get: credit cards, student loans
// and mortgages.
package liabilities

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Liabilities: what a credit card, student loan or mortgage owes and when.
// The data comes from the fixture account's liability (user_good's is the
// spec's example); a liability account without one reports nulls.

type creditJSON struct {
	AccountID string `json:"account_id"`
	*fixtures.CreditLiability
}

type mortgageJSON struct {
	AccountID string `json:"account_id"`
	*fixtures.MortgageLiability
}

type studentJSON struct {
	AccountID string `json:"account_id"`
	*fixtures.StudentLiability
}

type LiabilitiesJSON struct {
	Credit   []creditJSON   `json:"credit"`
	Mortgage []mortgageJSON `json:"mortgage"`
	Student  []studentJSON  `json:"student"`
}

type liabilitiesGetResponse struct {
	Accounts    []product.AccountJSON `json:"accounts"`
	Item        product.ItemJSON      `json:"item"`
	Liabilities LiabilitiesJSON       `json:"liabilities"`
	wire.Response
}

// IsLiability tells whether /liabilities/get reports on the account: a
// personal credit card, PayPal credit, student loan or mortgage. A
// business card (holder_category business) is not reported, as in Plaid's
// Sandbox, where user_good's liabilities hold one credit card.
func IsLiability(a *product.Account) bool {
	if a.HolderCategory != nil && *a.HolderCategory == "business" {
		return false
	}
	return a.Subtype != nil && slices.Contains(fixtures.LiabilitySubtypes[a.Type], *a.Subtype)
}

// HandleLiabilitiesGet serves POST /liabilities/get: every selected account,
// and a liability entry for each credit card, PayPal credit, student loan
// and mortgage among them. An Item with none of those is
// NO_LIABILITY_ACCOUNTS.
func HandleLiabilitiesGet(c *product.Call, req *product.AccountsGetRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "liabilities")
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(it.Accounts, func(a product.Account) bool { return IsLiability(&a) }) {
		return nil, wire.New(wire.CodeNoLiabilityAccounts)
	}
	sel, err := it.SelectAccounts(req.Options.IDs())
	if err != nil {
		return nil, err
	}
	out := &liabilitiesGetResponse{Accounts: make([]product.AccountJSON, len(sel)), Item: it.JSON(), Liabilities: LiabilitiesOf(sel)}
	for i, a := range sel {
		out.Accounts[i] = a.JSON()
	}
	return out, nil
}

// LiabilitiesOf is the liabilities of the liability accounts among sel.
func LiabilitiesOf(sel []*product.Account) LiabilitiesJSON {
	out := LiabilitiesJSON{Credit: []creditJSON{}, Mortgage: []mortgageJSON{}, Student: []studentJSON{}}
	for _, a := range sel {
		if !IsLiability(a) {
			continue
		}
		l := a.Liability
		if l == nil {
			l = &fixtures.Liability{}
		}
		switch *a.Subtype {
		case "student":
			s := l.Student
			if s == nil {
				s = &fixtures.StudentLiability{}
			}
			out.Student = append(out.Student, studentJSON{a.ID, s})
		case "mortgage":
			m := l.Mortgage
			if m == nil {
				m = &fixtures.MortgageLiability{}
			}
			out.Mortgage = append(out.Mortgage, mortgageJSON{a.ID, m})
		default:
			cr := l.Credit
			if cr == nil {
				cr = &fixtures.CreditLiability{}
			}
			if cr.APRs == nil {
				cp := *cr
				cp.APRs = []fixtures.APR{}
				cr = &cp
			}
			out.Credit = append(out.Credit, creditJSON{a.ID, cr})
		}
	}
	return out
}
