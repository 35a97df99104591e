package link

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Headless Link: POST /_emulator/link/complete does what a user does in
// Link (pick a bank, log in, answer MFA, choose accounts) without a browser,
// and answers what Link's onSuccess gives. With an update-mode link token
// it repairs the Item instead.

type linkCompleteRequest struct {
	LinkToken     string   `json:"link_token" plaid:"required"`
	InstitutionID *string  `json:"institution_id"`
	Username      *string  `json:"username"`
	Password      *string  `json:"password"`
	MFAAnswers    []string `json:"mfa_answers"`
	AccountIDs    []string `json:"account_ids"`
	// LinkSessionID lets a Link page keep the id its events carried.
	LinkSessionID *string `json:"link_session_id" plaid:"minlen=1"`
	// OAuthStateID: the accounts chosen at the OAuth bank are shared when
	// account_ids names none.
	OAuthStateID *string `json:"oauth_state_id"`
	// Documents are a Document Income session's uploads: [{name, content}],
	// content a Sandbox JSON customization or anything else.
	Documents json.RawMessage `json:"documents"`
	// IdentityVerification are an Identity Verification session's answers
	// (idv.go; none: Leslie Knope's, every step passed).
	IdentityVerification json.RawMessage `json:"identity_verification"`
}

type linkMetadataInstitution struct {
	InstitutionID string `json:"institution_id"`
	Name          string `json:"name"`
}

type linkMetadataAccount struct {
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Mask               *string `json:"mask"`
	Type               string  `json:"type"`
	Subtype            *string `json:"subtype"`
	VerificationStatus *string `json:"verification_status"`
	ClassType          *string `json:"class_type"`
}

type linkSuccessMetadata struct {
	Institution   *linkMetadataInstitution `json:"institution"`
	Accounts      []linkMetadataAccount    `json:"accounts"`
	LinkSessionID string                   `json:"link_session_id"`
	// TransferStatus is Transfer UI's: complete or incomplete (absent
	// without an intent).
	TransferStatus *string `json:"transfer_status,omitempty"`
}

type linkCompleteResponse struct {
	PublicToken string              `json:"public_token"`
	Metadata    linkSuccessMetadata `json:"metadata"`
	// TransferIntent is the Transfer UI intent after the user's
	// confirmation (absent without one).
	TransferIntent *Intent `json:"transfer_intent,omitempty"`
	results        map[string]any
	wire.Response
}

// handleComplete serves POST /_emulator/link/complete.
func (p *API) handleComplete(c *product.Call, req *linkCompleteRequest) (any, *wire.Error) {
	lt, err := p.Live(c, req.LinkToken)
	if err != nil {
		return nil, err
	}
	if lt.IDVSession != "" {
		return p.completeIDV(c, lt, req.IdentityVerification)
	}
	started := c.Now
	sessionID := product.Deref(req.LinkSessionID, "")
	if sessionID == "" {
		sessionID = p.door.NewUUID()
	}
	if chosen := p.oauthAccounts(lt.Token, req.OAuthStateID); len(chosen) > 0 && len(req.AccountIDs) == 0 {
		req.AccountIDs = chosen
	}
	resp, err := p.complete(c, lt, req, sessionID)
	if err != nil {
		p.AddSession(lt.Token, exitSession(sessionID, started, c.Now, err, c.RequestID))
		return nil, err
	}
	p.AddSession(lt.Token, successSession(sessionID, started, c.Now, resp))
	return resp, nil
}

func (p *API) complete(c *product.Call, lt Token, req *linkCompleteRequest, sessionID string) (*linkCompleteResponse, *wire.Error) {
	username, password := product.Deref(req.Username, "user_good"), product.Deref(req.Password, "pass_good")
	if documentFlow(lt) { // uploads log in nowhere
		username, password, req.MFAAnswers = "test-good", "test", []string{"1234"}
		req.InstitutionID = product.Ptr("ins_135842")
	}
	if err := checkMFA(username, password, req.MFAAnswers); err != nil {
		return nil, err
	}
	var it product.Item
	var results map[string]any // what Income says of the session (/credit/sessions/get)
	paying, _ := p.door.ItemByID(lt.Paying[sessionID])
	if lt.TransferIntent != "" && lt.ItemID != "" { // Transfer UI with the paying Item: no login
		it, _ = p.door.ItemByID(lt.ItemID)
	} else if paying.ID != "" { // Transfer UI again after a decline: the Item the session made
		it = paying
	} else if lt.ItemID != "" { // update mode: log in again, which repairs the Item
		cur, ok := p.door.ItemByID(lt.ItemID)
		if !ok {
			return nil, wire.New(wire.CodeItemNotFound)
		}
		if req.Username == nil {
			username = cur.Username
		}
		if username != cur.Username {
			return nil, wire.New(wire.CodeInvalidCredentials)
		}
		if cur.Username != "user_custom" {
			if _, err := logins.Resolve(p.door.Fixtures(), p.door.Seed(), p.door.Now(), username, password, cur.InstitutionID); err != nil {
				return nil, err
			}
		} else if code, ok := strings.CutPrefix(password, "error_"); ok && code != "" && wire.ItemCreationCode(code) {
			return nil, wire.New(code)
		}
		repaired := false
		var err *wire.Error
		it, err = c.Items.UpdateItem(cur.ClientID, cur.AccessToken, func(it *product.Item) *wire.Error {
			if it.Err != nil && it.Err.ErrorCode == wire.CodeItemLoginRequired {
				it.Err, repaired = nil, true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if repaired {
			c.Emit(product.ItemStateChanged{It: it, State: "HEALTHY", WasLogin: true})
		}
	} else {
		var err *wire.Error
		it, err = p.door.CreateItem(lt.ClientID, c.Now, logins.NewItem{
			InstitutionID: linkInstitution(lt, req.InstitutionID), Products: lt.Products, Username: username, Password: password,
			Webhook: lt.Webhook, SelectAccounts: accountSelector(lt, req.AccountIDs), DaysRequested: lt.DaysRequested,
		})
		if err != nil {
			return nil, err
		}
	}
	c.ItemID = it.ID // for the journal
	if it.ID == "" {
		return nil, wire.New(wire.CodeItemNotFound)
	}
	if lt.PlaidUser != "" {
		l := product.UserLink{UserID: lt.PlaidUser, ItemID: it.ID, SessionID: sessionID, Options: lt.UserOptions, Webhook: product.Deref(lt.Webhook, ""), Documents: req.Documents}
		var err *wire.Error
		if results, err = p.door.AttachUserItem(c, l); err != nil {
			return nil, err
		}
	}
	if lt.PaymentProfile != "" && lt.ItemID == "" && len(it.Accounts) > 0 {
		if err := p.door.LinkPaymentProfile(lt.ClientID, lt.PaymentProfile, it.ID, it.Accounts[0].ID, c.Now); err != nil {
			return nil, err
		}
	}
	var intent *Intent
	if lt.TransferIntent != "" {
		if lt.ItemID == "" && paying.ID == "" {
			p.payingWith(lt.Token, sessionID, it.ID)
		}
		var err *wire.Error
		if intent, err = p.confirm(c, lt, it, req.AccountIDs); err != nil {
			return nil, err
		}
	}
	tok, _ := p.door.IssuePublicToken(lt.ClientID, it.ID, c.Now)
	return &linkCompleteResponse{PublicToken: tok, Metadata: successMetadata(it, sessionID, intent), TransferIntent: intent, results: results}, nil
}

// successMetadata is onSuccess's metadata for it: its institution (null
// for an Item without one, such as same-day micro-deposits') and accounts.
func successMetadata(it product.Item, sessionID string, intent *Intent) linkSuccessMetadata {
	md := linkSuccessMetadata{Accounts: []linkMetadataAccount{}, LinkSessionID: sessionID, TransferStatus: transferStatus(intent)}
	if it.InstitutionID != "" {
		md.Institution = &linkMetadataInstitution{InstitutionID: it.InstitutionID, Name: it.InstitutionName}
	}
	for _, a := range it.Accounts {
		md.Accounts = append(md.Accounts, linkMetadataAccount{ID: a.ID, Name: a.Name, Mask: a.Mask, Type: a.Type, Subtype: a.Subtype, VerificationStatus: a.Verification})
	}
	return md
}

// linkInstitution is the bank a Link session logs in to: the one chosen,
// else the link token's, else First Platypus Bank.
func linkInstitution(lt Token, chosen *string) string {
	switch {
	case chosen != nil && *chosen != "":
		return *chosen
	case lt.InstitutionID != "":
		return lt.InstitutionID
	}
	return "ins_109508"
}

type accountFilter struct {
	AccountSubtypes []string `json:"account_subtypes"`
}

// offered keeps the accounts Link offers for lt: those its account_filters
// allow or, with Auth or Transfer and no filters, Link's default of
// checking, savings and cash management; else all.
func offered(lt Token, accts []logins.Account) []logins.Account {
	var filters map[string]accountFilter
	if len(lt.AccountFilters) > 0 {
		_ = json.Unmarshal(lt.AccountFilters, &filters)
	}
	moneyOnly := slices.Contains(lt.Products, "auth") || slices.Contains(lt.Products, "transfer")
	var out []logins.Account
	for _, a := range accts {
		sub := ""
		if a.Subtype != nil {
			sub = *a.Subtype
		}
		keep := true
		switch {
		case filters != nil:
			f, ok := filters[a.Type]
			keep = ok && (slices.Contains(f.AccountSubtypes, "all") || slices.Contains(f.AccountSubtypes, sub))
		case moneyOnly: // Auth and Transfer offer only accounts money can move with
			keep = a.Type == "depository" && slices.Contains(product.AuthSubtypes, sub)
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}

// offerAll is the page's account step: every account Link offers, for
// the user to choose from.
func offerAll(lt Token) func([]logins.Account) ([]logins.Account, *wire.Error) {
	return func(accts []logins.Account) ([]logins.Account, *wire.Error) { return offered(lt, accts), nil }
}

// accountSelector is the user's choice among the accounts Link offers:
// each entry of chosen names one by its mask or name; none chosen is all
// of them, or the first with Account Select "single".
func accountSelector(lt Token, chosen []string) func([]logins.Account) ([]logins.Account, *wire.Error) {
	return func(accts []logins.Account) ([]logins.Account, *wire.Error) {
		offered := offered(lt, accts)
		switch {
		case len(chosen) == 0 && lt.AccountSelect == "single" && len(offered) > 0:
			return offered[:1], nil // the first, as the page preselects it
		case len(chosen) == 0:
			return offered, nil
		case len(chosen) > 1 && lt.AccountSelect == "single":
			return nil, wire.New(wire.CodeInvalidAccountID).WithMessage("this link token's Account Select shares one account; %d were chosen", len(chosen))
		}
		var out []logins.Account
		for _, want := range chosen {
			i := slices.IndexFunc(offered, func(a logins.Account) bool { return a.Name == want || (a.Mask != nil && *a.Mask == want) })
			if i < 0 {
				return nil, wire.New(wire.CodeInvalidAccountID).WithMessage("account %q is not among the accounts Link offers", want)
			}
			out = append(out, offered[i])
		}
		return out, nil
	}
}

// successSession and exitSession are /link/token/get's link_sessions entries.
func successSession(id string, started, finished any, r *linkCompleteResponse) json.RawMessage {
	inst := any(nil)
	if r.Metadata.Institution != nil {
		inst = r.Metadata.Institution
	}
	results := map[string]any{
		"item_add_results":        []any{map[string]any{"public_token": r.PublicToken, "accounts": r.Metadata.Accounts, "institution": inst}},
		"cra_item_add_results":    []any{},
		"cra_update_results":      []any{},
		"bank_income_results":     []any{},
		"payroll_income_results":  []any{},
		"document_income_results": nil,
	}
	maps.Copy(results, r.results) // Income's, for a user's income session
	return product.MustMarshal(map[string]any{
		"link_session_id": id, "started_at": started, "finished_at": finished,
		"on_success": map[string]any{"public_token": r.PublicToken, "metadata": r.Metadata},
		"results":    results, "events": []any{},
	})
}

func exitSession(id string, started, finished any, err *wire.Error, requestID string) json.RawMessage {
	md := map[string]any{"link_session_id": id, "request_id": requestID, "status": "requires_credentials", "institution": nil}
	return product.MustMarshal(map[string]any{
		"link_session_id": id, "started_at": started, "finished_at": finished,
		"exit":   map[string]any{"error": product.WebhookError(err), "metadata": md},
		"events": []any{},
	})
}
