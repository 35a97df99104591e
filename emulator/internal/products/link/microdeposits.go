package link

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Same-day micro-deposits (https://plaid.com/docs/auth/coverage/same-day/):
// with auth.same_day_microdeposits_enabled, Link lets the user type an
// account's numbers instead of logging in. The Item has no institution and
// one account, pending_manual_verification, until the user enters, in Link
// in update mode, the two deposits ($0.01 and $0.02 in Sandbox) or the
// code in their description (ABC in Sandbox, any case). Two wrong tries are
// INCORRECT_DEPOSIT_VERIFICATION; the third locks the account
// (verification_failed, TOO_MANY_VERIFICATION_ATTEMPTS, then and after).

// sandboxCode and sandboxAmounts are what Sandbox's micro-deposits carry.
const sandboxCode = "ABC"

var sandboxAmounts = []int64{1, 2} // cents

// verifyTries is how many tries the user has.
const verifyTries = 3

// sdmd is what the link module keeps on a same-day micro-deposit Item
// (its product.Ext): the wrong tries so far.
type sdmd struct {
	Wrong int `json:"wrong"`
}

// authFlag reads a boolean of /link/token/create's auth object
// (same_day_microdeposits_enabled, database_match_enabled,
// database_insights_enabled).
func authFlag(raw json.RawMessage, name string) bool {
	var a map[string]any
	return len(raw) > 0 && json.Unmarshal(raw, &a) == nil && a[name] == true
}

// typedNumbers says whether lt lets the user type an account's numbers.
func typedNumbers(lt Token) bool {
	return lt.ItemID == "" && (authFlag(lt.Auth, "same_day_microdeposits_enabled") || authFlag(lt.Auth, "database_match_enabled") ||
		authFlag(lt.Auth, "instant_microdeposits_enabled") ||
		authFlag(lt.Auth, "database_insights_enabled"))
}

type numbersRequest struct {
	LinkToken     string  `json:"link_token" plaid:"required"`
	LinkSessionID *string `json:"link_session_id" plaid:"minlen=1"`
	Routing       string  `json:"routing_number" plaid:"required"`
	Account       string  `json:"account_number" plaid:"required"`
	LegalName     string  `json:"legal_name" plaid:"required"`
	AccountType   string  `json:"account_type" plaid:"required"`
}

var (
	routingRE = regexp.MustCompile(`^\d{9}$`)
	accountRE = regexp.MustCompile(`^\d{4,17}$`)
)

// handleNumbers serves POST /_emulator/link/numbers: the account the user
// typed, as a same-day micro-deposit Item; it answers what onSuccess gives.
func (p *API) handleNumbers(c *product.Call, req *numbersRequest) (any, *wire.Error) {
	lt, err := p.Live(c, req.LinkToken)
	if err != nil {
		return nil, err
	}
	switch {
	case !typedNumbers(lt):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("this link token does not take typed account numbers: make it with auth.same_day_microdeposits_enabled (or database_match_enabled, database_insights_enabled) and no access_token")
	case !routingRE.MatchString(req.Routing):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("routing_number must be 9 digits")
	case !accountRE.MatchString(req.Account):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("account_number must be 4 to 17 digits")
	case req.AccountType != "checking" && req.AccountType != "savings":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("account_type must be checking or savings")
	case strings.TrimSpace(req.LegalName) == "":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("legal_name must not be empty")
	}
	for _, pr := range lt.Products {
		if pr != "auth" && pr != "transfer" {
			return nil, wire.New(wire.CodeInvalidProduct, `["`+pr+`"]`).WithMessage("same-day micro-deposits link only auth and transfer, not %s", pr)
		}
	}
	method, status, instID := "SAME_DAY_MICRODEPOSITS", "pending_manual_verification", ""
	switch {
	case authFlag(lt.Auth, "instant_microdeposits_enabled") && p.instantBank(req.Routing) != "":
		method, instID = "INSTANT_MICRODEPOSITS", p.instantBank(req.Routing)
	case authFlag(lt.Auth, "database_insights_enabled"):
		method, status = "DATABASE_INSIGHTS", product.CheckNumbers(req.Routing, req.Account, &req.LegalName).Status
	case authFlag(lt.Auth, "database_match_enabled") && req.Routing == "110000000" && req.Account == "1111222233331111" && req.LegalName == "John Smith":
		method, status = "DATABASE_MATCH", "database_matched"
	case !authFlag(lt.Auth, "same_day_microdeposits_enabled"):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the database found no match for these numbers, and same-day micro-deposits are not enabled to fall back on")
	}
	made, err := p.door.CreateItem(lt.ClientID, c.Now, logins.NewItem{InstitutionID: cmp.Or(instID, "ins_109508"), Products: lt.Products, Username: "user_good",
		Password: "pass_good", Webhook: lt.Webhook, SelectAccounts: logins.Typed(req.Routing, req.Account, req.AccountType)})
	if err != nil {
		return nil, err
	}
	it, err := p.door.UpdateItemByID(made.ID, func(it *product.Item) *wire.Error {
		if instID == "" { // typed numbers at no bank
			it.InstitutionID, it.InstitutionName, it.Available = "", "", nil
		}
		it.AuthMethod = &method
		accts := slices.Clone(it.Accounts)
		accts[0].Verification = &status
		it.Accounts = accts
		if status == "pending_manual_verification" {
			it.Ext = it.Ext.With(p.Name(), sdmd{})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sessionID := product.Deref(req.LinkSessionID, "")
	if method == "INSTANT_MICRODEPOSITS" { // the deposit arrives at once: the user enters it in this session
		sessionID = cmp.Or(sessionID, p.door.NewUUID())
		p.payingWith(lt.Token, sessionID, it.ID)
		c.ItemID = it.ID
		return &instantResponse{VerifyNow: true, LinkSessionID: sessionID, Account: *pendingDeposit(it)}, nil
	}
	return p.finish(c, lt, it, sessionID)
}

type instantResponse struct {
	VerifyNow     bool         `json:"verify_now"`
	LinkSessionID string       `json:"link_session_id"`
	Account       linkUIVerify `json:"account"`
	wire.Response
}

// instantBank is the bank whose routing number sends instant
// micro-deposits (Windowpane Bank's 333333334 in Sandbox), or "".
func (p *API) instantBank(routing string) string {
	for _, in := range p.door.Fixtures().Institutions {
		if in.AuthMethod == "INSTANT_MICRODEPOSITS" && slices.Contains(in.RoutingNumbers, routing) {
			return in.InstitutionID
		}
	}
	return ""
}

// finish records a Link session that ended with it and answers what
// onSuccess gives.
func (p *API) finish(c *product.Call, lt Token, it product.Item, sessionID string) (any, *wire.Error) {
	if sessionID == "" {
		sessionID = p.door.NewUUID()
	}
	c.ItemID = it.ID
	tok, _ := p.door.IssuePublicToken(lt.ClientID, it.ID, c.Now)
	resp := &linkCompleteResponse{PublicToken: tok, Metadata: successMetadata(it, sessionID, nil)}
	p.AddSession(lt.Token, successSession(sessionID, c.Now, c.Now, resp))
	return resp, nil
}

type verifyRequest struct {
	LinkToken     string   `json:"link_token" plaid:"required"`
	LinkSessionID *string  `json:"link_session_id" plaid:"minlen=1"`
	Code          *string  `json:"code"`
	Amounts       []string `json:"amounts"`
}

// handleVerify serves POST /_emulator/link/verify: the user's entry of the
// micro-deposits, in Link opened in update mode on the Item.
func (p *API) handleVerify(c *product.Call, req *verifyRequest) (any, *wire.Error) {
	lt, err := p.Live(c, req.LinkToken)
	if err != nil {
		return nil, err
	}
	if req.Code == nil && len(req.Amounts) == 0 {
		return nil, wire.New(wire.CodeMissingFields, "code or amounts")
	}
	right := req.Code != nil && strings.EqualFold(strings.TrimSpace(*req.Code), sandboxCode)
	if len(req.Amounts) == len(sandboxAmounts) {
		var got []int64
		for _, a := range req.Amounts {
			c, _ := product.Cents(strings.TrimPrefix(strings.TrimSpace(a), "$"))
			got = append(got, c)
		}
		slices.Sort(got)
		right = right || slices.Equal(got, sandboxAmounts)
	}
	var outcome *wire.Error
	itemID := lt.ItemID
	if itemID == "" { // instant micro-deposits: the Item this session made
		itemID = lt.Paying[product.Deref(req.LinkSessionID, "")]
	}
	if itemID == "" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("open Link in update mode (a link token with the Item's access_token) to verify its micro-deposits")
	}
	it, err := p.door.UpdateItemByID(itemID, func(it *product.Item) *wire.Error {
		var st sdmd
		i := slices.IndexFunc(it.Accounts, func(a product.Account) bool { return a.Verification != nil })
		if i < 0 || !it.Ext.Get(p.Name(), &st) {
			return wire.New(wire.CodeInvalidField).WithMessage("this link token's Item has no same-day micro-deposits to verify")
		}
		accts := slices.Clone(it.Accounts)
		switch v := *accts[i].Verification; {
		case v == "verification_failed":
			outcome = wire.New(wire.CodeTooManyVerificationAttempts)
			return nil
		case v != "pending_manual_verification":
			return wire.New(wire.CodeInvalidField).WithMessage("the account is %s: there is nothing to verify", v)
		case right:
			accts[i].Verification = product.Ptr("manually_verified")
		case st.Wrong+1 >= verifyTries:
			st.Wrong++
			accts[i].Verification = product.Ptr("verification_failed")
			outcome = wire.New(wire.CodeTooManyVerificationAttempts)
		default:
			st.Wrong++
			left := fmt.Sprintf("%d tries are left", verifyTries-st.Wrong)
			if verifyTries-st.Wrong == 1 {
				left = "1 try is left"
			}
			outcome = wire.New(wire.CodeIncorrectDepositVerification).WithMessage("the micro-deposits entered do not match; %s", left)
			outcome.DisplayMessage = product.Ptr("The deposits you entered do not match. " + strings.ToUpper(left[:1]) + left[1:] + ".")
		}
		it.Accounts, it.Ext = accts, it.Ext.With(p.Name(), st)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if outcome != nil {
		return nil, outcome
	}
	return p.finish(c, lt, it, product.Deref(req.LinkSessionID, ""))
}

// pendingDeposit is the update-mode page's view of an Item awaiting
// same-day micro-deposits (nil: none).
func pendingDeposit(it product.Item) *linkUIVerify {
	for _, a := range it.Accounts {
		if a.Verification != nil && *a.Verification == "pending_manual_verification" {
			return &linkUIVerify{Name: a.Name, Mask: a.Mask}
		}
	}
	return nil
}

type linkUIVerify struct {
	Name string  `json:"name"`
	Mask *string `json:"mask"`
}
