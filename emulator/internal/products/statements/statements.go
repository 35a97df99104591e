// Package statements serves Statements: /statements/list, /download (a real
// one-page PDF) and /refresh.
package statements

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Statements: a monthly statement for each depository and credit account,
// for the months the Item covers (the 12 full months before it was made,
// or what /statements/refresh asked for), each a small real PDF.

// statementMonths is how many months an Item covers before a refresh.
const statementMonths = 12

type statementJSON struct {
	StatementID string  `json:"statement_id"`
	DatePosted  *string `json:"date_posted"`
	Month       int     `json:"month"`
	Year        int     `json:"year"`
}

type statementsAccountJSON struct {
	AccountID           string          `json:"account_id"`
	AccountMask         string          `json:"account_mask"`
	AccountName         string          `json:"account_name"`
	AccountOfficialName string          `json:"account_official_name"`
	AccountSubtype      string          `json:"account_subtype"`
	AccountType         string          `json:"account_type"`
	Statements          []statementJSON `json:"statements"`
}

type statementsListResponse struct {
	Accounts        []statementsAccountJSON `json:"accounts"`
	InstitutionID   string                  `json:"institution_id"`
	InstitutionName string                  `json:"institution_name"`
	ItemID          string                  `json:"item_id"`
	wire.Response
}

// statementMonthsOf are the first days of the months the Item covers,
// oldest first.
func statementMonthsOf(it product.Item) []time.Time {
	var m months
	it.Ext.Get("statements", &m)
	from, to := m.From, m.To
	if from.IsZero() {
		c := it.CreatedAt.UTC()
		to = time.Date(c.Year(), c.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
		from = to.AddDate(0, -(statementMonths - 1), 0)
	}
	var out []time.Time
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, m)
	}
	return out
}

func statementID(it product.Item, a *product.Account, month time.Time) string {
	return ledger.HashID("statement/" + it.ID + "/" + a.ID + "/" + month.Format("2006-01"))
}

func hasStatements(a *product.Account) bool { return a.Type == "depository" || a.Type == "credit" }

// HandleStatementsList serves POST /statements/list.
func HandleStatementsList(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "statements")
	if err != nil {
		return nil, err
	}
	out := &statementsListResponse{Accounts: []statementsAccountJSON{}, InstitutionID: it.InstitutionID,
		InstitutionName: it.InstitutionName, ItemID: it.ID}
	months := statementMonthsOf(it)
	for i := range it.Accounts {
		a := &it.Accounts[i]
		if !hasStatements(a) {
			continue
		}
		sa := statementsAccountJSON{AccountID: a.ID, AccountMask: product.Deref(a.Mask, ""), AccountName: a.Name,
			AccountOfficialName: product.Deref(a.OfficialName, ""), AccountSubtype: product.Deref(a.Subtype, ""), AccountType: a.Type,
			Statements: []statementJSON{}}
		for _, m := range months {
			posted := m.AddDate(0, 1, 0).Format(time.DateOnly)
			sa.Statements = append(sa.Statements, statementJSON{StatementID: statementID(it, a, m), DatePosted: &posted,
				Month: int(m.Month()), Year: m.Year()})
		}
		out.Accounts = append(out.Accounts, sa)
	}
	return out, nil
}

type statementsDownloadRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	StatementID string `json:"statement_id" plaid:"required"`
}

// HandleStatementsDownload serves POST /statements/download: the statement
// as a PDF; an id the Item does not have is INVALID_FIELD.
func HandleStatementsDownload(c *product.Call, req *statementsDownloadRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "statements")
	if err != nil {
		return nil, err
	}
	for i := range it.Accounts {
		a := &it.Accounts[i]
		if !hasStatements(a) {
			continue
		}
		for _, m := range statementMonthsOf(it) {
			if statementID(it, a, m) == req.StatementID {
				pdf := statementPDF(it, a, m)
				sum := sha256.Sum256(pdf) // the spec: Plaid-Content-Hash carries the statement's SHA-256
				return &product.RawBody{ContentType: "application/pdf", Data: pdf,
					Headers: map[string]string{"Plaid-Content-Hash": hex.EncodeToString(sum[:])}}, nil
			}
		}
	}
	return nil, wire.New(wire.CodeInvalidField).WithMessage("statement_id %q is not a statement of this Item", req.StatementID)
}

type statementsRefreshRequest struct {
	product.Credentials
	AccessToken string `json:"access_token" plaid:"required"`
	StartDate   string `json:"start_date" plaid:"required,format=date"`
	EndDate     string `json:"end_date" plaid:"required,format=date"`
}

// HandleStatementsRefresh serves POST /statements/refresh: the Item then
// covers the months from start_date to end_date (up to the last full month,
// at most 24), and STATEMENTS_REFRESH_COMPLETE (result SUCCESS) is sent.
func HandleStatementsRefresh(c *product.Call, req *statementsRefreshRequest) (any, *wire.Error) {
	if err := product.CheckDateRange(req.StartDate, req.EndDate); err != nil {
		return nil, err
	}
	if _, err := c.ProductItem(req.AccessToken, "statements"); err != nil {
		return nil, err
	}
	from, to, err := Range(req.StartDate, req.EndDate, c.Now)
	if err != nil {
		return nil, err
	}
	it, err := c.Items.UpdateItem(c.ClientID, req.AccessToken, func(it *product.Item) *wire.Error {
		it.Ext = it.Ext.With("statements", months{from, to})
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Emit(Refreshed{It: it})
	return &wire.Response{}, nil
}

// Range is the months a statements range from start to end (dates) covers:
// the first days of its first and last month, up to the last full month
// before now, at most 24.
func Range(startDate, endDate string, now time.Time) (from, to time.Time, err *wire.Error) {
	start, _ := time.Parse(time.DateOnly, startDate)
	end, _ := time.Parse(time.DateOnly, endDate)
	now = now.UTC()
	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	from = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC)
	if to.After(last) {
		to = last
	}
	if to.Before(from) {
		return from, to, wire.New(wire.CodeInvalidField).WithMessage("the statements range holds no full month before today")
	}
	if earliest := to.AddDate(0, -23, 0); from.Before(earliest) {
		from = earliest
	}
	return from, to, nil
}

// statementPDF is a one-page PDF naming the bank, the account and the
// month, with the account's current balance.
func statementPDF(it product.Item, a *product.Account, month time.Time) []byte {
	bal := "n/a"
	if a.Balances.Current != nil {
		bal = fmt.Sprintf("%.2f %s", *a.Balances.Current, product.Deref(a.Balances.ISOCurrencyCode, "USD"))
	}
	return product.SimplePDF([]string{
		it.InstitutionName + " - account statement",
		fmt.Sprintf("%s (%s) ending %s", a.Name, product.Deref(a.Subtype, a.Type), product.Deref(a.Mask, "")),
		"Period: " + month.Format("January 2006"),
		"Balance: " + bal,
		"Sandbox statement generated by plaid-emulator",
	})
}
