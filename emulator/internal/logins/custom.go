package logins

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// user_custom: a JSON configuration as the password
// (https://plaid.com/docs/sandbox/user-custom/), turned into accounts.

// customConfig is the JSON password of user_custom (the spec's
// UserCustomPassword). Fields the emulator does not model yet (income,
// MFA details…) are accepted and ignored.
type customConfig struct {
	Version          *string          `json:"version"`
	Seed             string           `json:"seed"`
	OverrideAccounts []customAccount  `json:"override_accounts"`
	ForceError       string           `json:"force_error"`
	MFA              *json.RawMessage `json:"mfa"`
	Recaptcha        string           `json:"recaptcha"`
}

type customAccount struct {
	Type                    string   `json:"type"`
	Subtype                 *string  `json:"subtype"`
	StartingBalance         *float64 `json:"starting_balance"`
	ForceAvailableBalance   *float64 `json:"force_available_balance"`
	HasNullAvailableBalance bool     `json:"has_null_available_balance"`
	Currency                string   `json:"currency"`
	Meta                    struct {
		Name         string   `json:"name"`
		OfficialName *string  `json:"official_name"`
		Limit        *float64 `json:"limit"`
		Mask         *string  `json:"mask"`
	} `json:"meta"`
	Numbers struct {
		Account           string `json:"account"`
		ACHRouting        string `json:"ach_routing"`
		ACHWireRouting    string `json:"ach_wire_routing"`
		EFTInstitution    string `json:"eft_institution"`
		EFTBranch         string `json:"eft_branch"`
		InternationalBIC  string `json:"international_bic"`
		InternationalIBAN string `json:"international_iban"`
		BACSSortCode      string `json:"bacs_sort_code"`
	} `json:"numbers"`
	Identity     *fixtures.Identity `json:"identity"`
	Transactions []struct {
		DateTransacted string  `json:"date_transacted"`
		DatePosted     string  `json:"date_posted"`
		Amount         float64 `json:"amount"`
		Description    string  `json:"description"`
		Currency       string  `json:"currency"`
	} `json:"transactions"`
	InflowModel            *inflowModel          `json:"inflow_model"`
	Holdings               []customHolding       `json:"holdings"`
	InvestmentTransactions []customInvestmentTxn `json:"investment_transactions"`
	Liability              *customLiability      `json:"liability"`
}

// inflowModel is a user_custom account's recurring money in (https://plaid.com/docs/sandbox/user-custom/).
type inflowModel struct {
	Type                string   `json:"type"`
	IncomeAmount        *float64 `json:"income_amount"`
	PaymentDayOfMonth   *int     `json:"payment_day_of_month"`
	StatementDayOfMonth *int     `json:"statement_day_of_month"`
	TransactionName     string   `json:"transaction_name"`
}

// inflowMonths is how far back an inflow model's monthly rows go.
const inflowMonths = 24

// rule turns the model into a monthly recurring rule on an account whose
// current balance is balance: income (income_amount in), the statement
// balance paid (a credit card), or the interest paid at 5 % a year (a
// loan). "none" gives no rule.
func (m *inflowModel) rule(i int, balance float64, now time.Time) (*fixtures.Recurring, *wire.Error) {
	bad := func(format string, args ...any) (*fixtures.Recurring, *wire.Error) {
		return nil, wire.New(wire.CodeInvalidCredentials).WithMessage("override_accounts[%d].inflow_model: "+format, append([]any{i}, args...)...)
	}
	r := &fixtures.Recurring{Name: m.TransactionName, Every: "monthly"}
	switch m.Type {
	case "none":
		return nil, nil
	case "monthly-income":
		if m.IncomeAmount == nil || *m.IncomeAmount <= 0 {
			return bad("monthly-income needs a positive income_amount")
		}
		r.Amount = -*m.IncomeAmount
		if r.Name == "" {
			r.Name = "PAYROLL"
		}
	case "monthly-balance-payment":
		r.Amount = -math.Abs(balance)
		if r.Name == "" {
			r.Name = "PAYMENT - THANK YOU"
		}
	case "monthly-interest-only-payment":
		r.Amount = -math.Round(math.Abs(balance)*0.05/12*100) / 100
		if r.Name == "" {
			r.Name = "INTEREST PAYMENT"
		}
	default:
		return bad("type %q is not none, monthly-income, monthly-balance-payment or monthly-interest-only-payment", m.Type)
	}
	if r.Amount == 0 {
		return nil, nil
	}
	dom := 1
	if m.PaymentDayOfMonth != nil {
		if *m.PaymentDayOfMonth < 1 || *m.PaymentDayOfMonth > 31 {
			return bad("payment_day_of_month must be 1 to 31")
		}
		dom = *m.PaymentDayOfMonth
	}
	y, mo, _ := now.UTC().AddDate(0, -inflowMonths, 0).Date()
	r.First = fixtures.MonthDay(y, mo, dom).Format(time.DateOnly)
	return r, nil
}

// forcedAfterCreate are force_error values that let the Item be created and
// then put it in that error state; every other value fails creation.
var forcedAfterCreate = map[string]bool{wire.CodeItemLoginRequired: true}

// customAccounts turns a user_custom password into accounts (https://plaid.com/docs/sandbox/user-custom/).
func customAccounts(seed int64, now time.Time, password string) (Resolved, *wire.Error) {
	var cfg customConfig
	if err := json.Unmarshal([]byte(password), &cfg); err != nil {
		return Resolved{}, wire.New(wire.CodeInvalidCredentials).WithMessage("%s", configError(err))
	}
	if path := hugeNumber([]byte(password)); path != "" {
		return Resolved{}, wire.New(wire.CodeInvalidCredentials).WithMessage(
			"user_custom configuration: %s must be at most %g in size", path, MaxAmount)
	}
	var itemErr *wire.Error
	switch code := cfg.ForceError; {
	case code == "":
	case forcedAfterCreate[code]:
		itemErr = wire.New(code).ForItem()
	case code == "PLAID_ERROR":
		return Resolved{}, wire.New(wire.CodeInternalServerError)
	case wire.KnownCode(code):
		return Resolved{}, wire.New(code)
	default:
		return Resolved{}, wire.New(wire.CodeInvalidCredentials).WithMessage("unknown force_error %q in user_custom configuration", code)
	}
	if cfg.Recaptcha == "bad" {
		return Resolved{}, wire.New(wire.CodeRecaptchaBad)
	}
	f := fixtures.Faker(seed, "user_custom/"+cfg.Seed)
	if len(cfg.OverrideAccounts) == 0 {
		cfg.OverrideAccounts = []customAccount{{Type: "depository", Subtype: product.Ptr("checking")}, {Type: "depository", Subtype: product.Ptr("savings")}}
	}
	owner := fixtures.FakeIdentity(f)
	out := make([]Account, len(cfg.OverrideAccounts))
	scripted := false
	for i, ca := range cfg.OverrideAccounts {
		if ca.Type == "" || !fixtures.Contains(fixtures.AccountTypes, ca.Type) && ca.Type != "payroll" {
			return Resolved{}, wire.New(wire.CodeInvalidCredentials).WithMessage(
				"override_accounts[%d].type %q is not a valid account type", i, ca.Type)
		}
		if ca.Type == "payroll" {
			ca.Type = "other"
		}
		var a fixtures.Account
		a.Type, a.Subtype = ca.Type, ca.Subtype
		a.Name = ca.Meta.Name
		if a.Name == "" {
			sub := ca.Type
			if ca.Subtype != nil {
				sub = *ca.Subtype
			}
			a.Name = "Plaid " + titleCase(sub)
		}
		a.OfficialName = ca.Meta.OfficialName
		current := ca.StartingBalance
		if current == nil {
			v := float64(f.IntRange(100, 20000))
			current = &v
		}
		a.Balances.Current = current
		switch {
		case ca.HasNullAvailableBalance:
		case ca.ForceAvailableBalance != nil:
			a.Balances.Available = ca.ForceAvailableBalance
		case ca.Type == "depository":
			a.Balances.Available = current
		}
		a.Balances.Limit = ca.Meta.Limit
		cur := ca.Currency
		if cur == "" {
			cur = "USD"
		}
		a.Balances.ISOCurrencyCode = &cur
		acctNum := ca.Numbers.Account
		if acctNum == "" {
			acctNum = f.Numerify("################")
		}
		a.Mask = ca.Meta.Mask
		if a.Mask == nil {
			m := acctNum[max(0, len(acctNum)-4):]
			a.Mask = &m
		}
		if ca.Type == "depository" {
			a.Numbers = &fixtures.Numbers{ACH: &fixtures.ACH{Account: acctNum, Routing: ca.Numbers.ACHRouting}}
			if ca.Numbers.ACHWireRouting != "" {
				a.Numbers.ACH.WireRouting = product.Ptr(ca.Numbers.ACHWireRouting)
			}
			if ca.Numbers.EFTInstitution != "" {
				a.Numbers.EFT = &fixtures.EFT{Account: acctNum, Institution: ca.Numbers.EFTInstitution, Branch: ca.Numbers.EFTBranch}
			}
			if ca.Numbers.InternationalIBAN != "" {
				a.Numbers.International = &fixtures.International{IBAN: ca.Numbers.InternationalIBAN, BIC: ca.Numbers.InternationalBIC}
			}
			if ca.Numbers.BACSSortCode != "" {
				a.Numbers.BACS = &fixtures.BACS{Account: acctNum, SortCode: ca.Numbers.BACSSortCode}
			}
		}
		o := owner
		if ca.Identity != nil {
			o = ca.Identity
		}
		if err := ca.investments(i, &a); err != nil {
			return Resolved{}, err
		}
		if ca.Liability != nil {
			l, err := ca.Liability.liability(i, &a)
			if err != nil {
				return Resolved{}, err
			}
			a.Liability = l
		}
		if ca.InflowModel != nil {
			r, err := ca.InflowModel.rule(i, *current, now)
			if err != nil {
				return Resolved{}, err
			}
			if r != nil {
				a.Recurring = append(a.Recurring, *r)
			}
		}
		ua := Account{Account: a, Owner: o}
		for _, t := range ca.Transactions {
			cur := t.Currency
			if cur == "" {
				cur = ca.Currency
			}
			ua.Custom = append(ua.Custom, ledger.CustomTxn{Transacted: t.DateTransacted, Posted: t.DatePosted, Amount: t.Amount, Description: t.Description, Currency: cur})
			scripted = true
		}
		out[i] = ua
	}
	ru := Resolved{Accounts: out, ItemErr: itemErr}
	if !scripted { // {} and friends: random transactions, as the Sandbox gives
		ru.History = &fixtures.History{Kind: ledger.HistoryGenerated, PerMonth: 20}
	}
	return ru, nil
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// MaxAmount bounds every number of a user_custom configuration (amounts,
// balances, quantities): larger ones would overflow sums and reports.
const MaxAmount = 1e12

// configError words a user_custom decoding error as Plaid words errors,
// naming the key, never Go's types.
func configError(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the configuration"
		}
		return fmt.Sprintf("user_custom configuration: %s must be %s, not %s", field, jsonKind(te.Type), te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("the password of user_custom must be a JSON configuration; it is not valid JSON (at byte %d)", se.Offset)
	}
	return "the password of user_custom must be a JSON configuration"
}

// jsonKind is how a Go type reads in JSON.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "a value of another kind"
}

// hugeNumber is the path of the first number in raw larger than MaxAmount
// in size ("" when none).
func hugeNumber(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return ""
	}
	var walk func(v any, path string) string
	walk = func(v any, path string) string {
		switch v := v.(type) {
		case json.Number:
			if x, err := v.Float64(); err != nil || math.Abs(x) > MaxAmount {
				return path
			}
		case []any:
			for i, e := range v {
				if p := walk(e, fmt.Sprintf("%s[%d]", path, i)); p != "" {
					return p
				}
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if q := walk(v[k], p); q != "" {
					return q
				}
			}
		}
		return ""
	}
	return walk(v, "")
}
