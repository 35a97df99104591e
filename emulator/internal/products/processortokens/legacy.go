package processortokens

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The legacy POST /exchange_token, for integrations written against the
// pre-2020 guides (Stripe ACH, early processor partners): form-encoded or
// JSON client_id, secret, public_token and optional account_id. It consumes
// the public token as /item/public_token/exchange does and, with an
// account_id, also answers the partner token: a Stripe bank account token,
// or an Apex processor token for clients whose fixture says
// legacy_partner: apex. Not part of the 2020-09-14 spec.

type legacyExchangeResponse struct {
	AccessToken            string `json:"access_token"`
	ItemID                 string `json:"item_id"`
	AccountID              string `json:"account_id,omitempty"`
	StripeBankAccountToken string `json:"stripe_bank_account_token,omitempty"`
	ProcessorToken         string `json:"processor_token,omitempty"`
	Sandbox                bool   `json:"sandbox"`
	RequestID              string `json:"request_id"`
}

// legacyError is Plaid's error object plus the legacy API's code, message
// and resolve, so old and new error handling both find what they read.
type legacyError struct {
	*wire.Error
	Code    int    `json:"code"`
	Message string `json:"message"`
	Resolve string `json:"resolve"`
}

// legacyCodes are the legacy API's numeric codes (Plaid's 2013–2018 API, shut down on 2018-09-30; its docs are no longer published).
var legacyCodes = map[string]int{wire.CodeMissingFields: 1100, wire.CodeInvalidAPIKeys: 1102, wire.CodeInvalidAccessToken: 1105, wire.CodeInvalidPublicToken: 1106}

// Pages serve the legacy exchange beside Plaid's paths (any method: a
// wrong one is the legacy API's 404).
func (p *API) Pages() []product.Page {
	return []product.Page{{Path: "/exchange_token", Serve: p.handleLegacyExchangeToken}}
}

// handleLegacyExchangeToken serves POST /exchange_token.
func (p *API) handleLegacyExchangeToken(w http.ResponseWriter, r *http.Request) {
	requestID := wire.NewRequestID()
	resp, err := p.legacyExchange(w, r)
	if err != nil {
		e := err.Clone()
		e.RequestID = requestID
		code := legacyCodes[e.ErrorCode]
		if code == 0 {
			code = 1000
		}
		wire.WriteJSON(w, e.HTTPStatus, legacyError{Error: e, Code: code, Message: e.ErrorMessage, Resolve: "see " + e.DocumentationURL})
		return
	}
	resp.RequestID = requestID
	wire.WriteJSON(w, http.StatusOK, resp)
}

func (p *API) legacyExchange(w http.ResponseWriter, r *http.Request) (*legacyExchangeResponse, *wire.Error) {
	now := p.door.Now()
	if r.Method != http.MethodPost {
		return nil, wire.New(wire.CodeNotFound)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wire.MaxBody))
	if err != nil {
		return nil, wire.New(wire.CodeInvalidBody)
	}
	fields := map[string]any{}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/x-www-form-urlencoded" {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, wire.New(wire.CodeInvalidBody)
		}
		for k := range vals {
			fields[k] = vals.Get(k)
		}
	} else if err := json.Unmarshal(body, &fields); err != nil {
		return nil, wire.New(wire.CodeInvalidBody)
	}
	clientID, werr := p.door.Authenticate(r, fields)
	if werr != nil {
		return nil, werr
	}
	pt, _ := fields["public_token"].(string)
	if pt == "" {
		return nil, wire.New(wire.CodeMissingFields, "public_token")
	}
	acct, _ := fields["account_id"].(string)
	// Check the account before the public token is used up.
	pending, perr := p.door.PublicItem(clientID, pt, now)
	if perr != nil {
		return nil, perr
	}
	if acct != "" {
		i := product.AccountIndex(pending, acct)
		if i < 0 {
			return nil, wire.New(wire.CodeInvalidAccountID)
		}
		if p.door.LegacyPartner(clientID) != "apex" && pending.Accounts[i].Type != "depository" {
			return nil, wire.New(wire.CodeInvalidAccountID).WithMessage("account_id specified does not belong to a depository account")
		}
	}
	it, perr := p.door.Exchange(clientID, pt, now)
	if perr != nil {
		return nil, perr
	}
	out := &legacyExchangeResponse{AccessToken: it.AccessToken, ItemID: it.ID, Sandbox: true}
	if acct == "" {
		return out, nil
	}
	out.AccountID = acct
	if perr = p.door.CheckItem(clientID, it.AccessToken); perr != nil { // as the token routes check
		return nil, perr
	}
	if p.door.LegacyPartner(clientID) == "apex" {
		out.ProcessorToken = p.door.IssueToken(clientID, it.ID, acct, "apex_clearing")
	} else {
		out.StripeBankAccountToken = p.door.IssueToken(clientID, it.ID, acct, "stripe")
	}
	return out, nil
}
