package link

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Link for Income: a link token with income_verification names a Plaid
// user and one income source, bank or payroll. Link shows the banks (or
// the payroll providers) for it, and the Item it makes goes to Income
// with the token's options (through AttachUserItem).

type incomeVerification struct {
	IncomeSourceTypes []string `json:"income_source_types"`
	BankIncome        *struct {
		DaysRequested *int `json:"days_requested"`
	} `json:"bank_income"`
	PayrollIncome *struct {
		FlowTypes     []string `json:"flow_types"`
		ParsingConfig []string `json:"parsing_config"`
	} `json:"payroll_income"`
}

// incomeOf checks a link token's income_verification and gives what the
// token keeps of it: bank (90 days) when it names no source.
func incomeOf(products []string, user string, raw json.RawMessage) (json.RawMessage, *wire.Error) {
	if !slices.Contains(products, "income_verification") {
		return nil, nil
	}
	if user == "" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("income_verification needs a Plaid user: give the user_token (or user_id) /user/create returned")
	}
	var iv incomeVerification
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &iv); err != nil {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("income_verification must be an object")
		}
	}
	switch len(iv.IncomeSourceTypes) {
	case 0:
		iv.IncomeSourceTypes = []string{"bank"}
	case 1:
	default:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("income_verification.income_source_types takes one source: bank or payroll")
	}
	if b := iv.BankIncome; b != nil && b.DaysRequested != nil && (*b.DaysRequested < 1 || *b.DaysRequested > 731) {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("income_verification.bank_income.days_requested must be 1 to 731")
	}
	return product.MustMarshal(iv), nil
}

// incomeSource is the token's income source: "bank", "payroll" or "".
func incomeSource(lt Token) string {
	var iv incomeVerification
	if raw := lt.UserOptions["income_verification"]; len(raw) == 0 || json.Unmarshal(raw, &iv) != nil || len(iv.IncomeSourceTypes) == 0 {
		return ""
	}
	return iv.IncomeSourceTypes[0]
}

// incomeFits says whether Link offers a bank with products for the
// token's income source: a bank with transactions for bank income, a
// payroll provider (one with employment) for payroll.
func incomeFits(lt Token, products []string) bool {
	switch incomeSource(lt) {
	case "bank":
		return slices.Contains(products, "transactions")
	case "payroll":
		return slices.Contains(products, "employment")
	}
	return true
}

// documentFlow says whether the token's payroll income is uploaded
// documents: the session logs in nowhere; its Item is the Sandbox payroll
// login's at Platypus Payroll, behind the scenes.
func documentFlow(lt Token) bool {
	var iv incomeVerification
	if incomeSource(lt) != "payroll" || json.Unmarshal(lt.UserOptions["income_verification"], &iv) != nil || iv.PayrollIncome == nil {
		return false
	}
	return len(iv.PayrollIncome.FlowTypes) > 0 && iv.PayrollIncome.FlowTypes[0] == "payroll_document_income"
}

// userOptions are what a Plaid user's link token keeps for the products
// built on users (none without a user).
func userOptions(user string, req *linkTokenCreateRequest, income json.RawMessage) map[string]json.RawMessage {
	if user == "" {
		return nil
	}
	out := map[string]json.RawMessage{"products": product.MustMarshal(product.NonNil(req.Products))}
	for k, v := range map[string]json.RawMessage{"income_verification": income, "cra_options": req.CRAOptions,
		"consumer_report_permissible_purpose": req.PermissiblePurpose} {
		if len(v) > 0 && string(v) != "null" {
			out[k] = v
		}
	}
	return out
}

// checkCRA checks a link token's Consumer Report products: they need a
// Plaid user and a permissible purpose (a purpose without them is taken,
// and does nothing).
func checkCRA(products []string, user string, purpose json.RawMessage) *wire.Error {
	cra := slices.ContainsFunc(products, func(p string) bool { return strings.HasPrefix(p, "cra_") })
	hasPurpose := len(purpose) > 0 && string(purpose) != "null"
	switch {
	case cra && user == "":
		return wire.New(wire.CodeInvalidField).WithMessage("Consumer Report products need a Plaid user: give the user_id (or user_token) /user/create returned")
	case cra && !hasPurpose:
		return wire.New(wire.CodeMissingFields, "consumer_report_permissible_purpose")
	}
	return nil
}

// notEnabled is the first product of lists the client is not enabled for
// ("": none), as its fixture lists them.
func notEnabled(c *product.Call, lists ...[]string) string {
	for _, l := range lists {
		for _, pr := range l {
			if !c.Fixtures.ClientEnabled(c.ClientID, pr) {
				return pr
			}
		}
	}
	return ""
}
