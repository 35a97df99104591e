package link

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Identity Verification in Link: a link token whose products are
// identity_verification (alone, as Plaid requires) names a template;
// it opens the user's session for it (product.Verifier), and the page's
// IDV panes send their answers to /_emulator/link/idv, which answers the
// session as the API shows it.

type idvOptions struct {
	TemplateID  string `json:"template_id"`
	GaveConsent *bool  `json:"gave_consent"`
	Consent     *bool  `json:"consent"`
}

// idvSession opens the token's session, for a token of Identity
// Verification (false: another product's token).
func (p *API) idvSession(c *product.Call, req *linkTokenCreateRequest, lt *Token) (bool, *wire.Error) {
	if !slices.Contains(req.Products, "identity_verification") {
		return false, nil
	}
	if len(req.Products) > 1 || len(req.RequiredIfSupportedProducts)+len(req.OptionalProducts)+len(req.AdditionalConsentedProducts) > 0 {
		return true, wire.New(wire.CodeInvalidProduct, `["identity_verification"]`).WithMessage("identity_verification cannot be combined with other products")
	}
	v := p.door.Verifier()
	if v == nil {
		return true, wire.New(wire.CodeInvalidProduct, `["identity_verification"]`)
	}
	var opts idvOptions
	if len(req.IdentityVerification) > 0 && json.Unmarshal(req.IdentityVerification, &opts) != nil || opts.TemplateID == "" {
		return true, wire.New(wire.CodeMissingFields, "identity_verification.template_id")
	}
	if req.User == nil || req.User.ClientUserID == "" {
		return true, wire.New(wire.CodeMissingFields, "user.client_user_id")
	}
	consent := opts.GaveConsent != nil && *opts.GaveConsent || opts.Consent != nil && *opts.Consent
	prefill, _ := json.Marshal(req.User)
	id, err := v.LinkSession(c, req.User.ClientUserID, opts.TemplateID, consent, prefill)
	if err != nil {
		return true, err
	}
	lt.IDVSession = id
	return true, nil
}

type idvAnswerRequest struct {
	LinkToken string          `json:"link_token" plaid:"required"`
	Answers   json.RawMessage `json:"answers"`
}

// handleIDV serves POST /_emulator/link/idv: the token's session, after
// the answers sent (consent, phone_number, sms_codes, user, documents).
func (p *API) handleIDV(c *product.Call, req *idvAnswerRequest) (any, *wire.Error) {
	lt, ok := p.Any(req.LinkToken)
	if !ok || !c.Now.Before(lt.Expires) || lt.IDVSession == "" {
		return nil, wire.New(wire.CodeInvalidLinkToken)
	}
	v := p.door.Verifier()
	if v == nil {
		return nil, wire.New(wire.CodeInvalidLinkToken)
	}
	c.ClientID = lt.ClientID
	answers := []byte(req.Answers)
	if string(answers) == "null" {
		answers = nil
	}
	view, err := v.LinkAnswer(c, lt.IDVSession, answers)
	if err != nil {
		return nil, err
	}
	return idvAnswer(view), nil
}

// idvAnswer is the session as the page reads it.
type idvAnswer map[string]any

func (r idvAnswer) SetRequestID(id string) { r["request_id"] = id }

// idvToken makes a link token of Identity Verification.
func (p *API) idvToken(c *product.Call, req *linkTokenCreateRequest) (any, *wire.Error) {
	if pr := notEnabled(c, req.Products, nil, nil, nil); pr != "" {
		return nil, wire.New(wire.CodeInvalidProduct, `["`+pr+`"]`).WithMessage(`client is not authorized to access the following products: ["%s"]`, pr)
	}
	lt := &Token{ClientID: c.ClientID, Created: c.Now, Expires: c.Now.Add(linkTokenTTL), Products: slices.Clone(req.Products),
		CountryCodes: req.CountryCodes, Language: req.Language, ClientName: req.ClientName, Webhook: req.Webhook, RedirectURI: req.RedirectURI,
		AccountSelect: "multiple"}
	if _, err := p.idvSession(c, req, lt); err != nil {
		return nil, err
	}
	lt.UserID = req.User.ClientUserID
	tok := p.add(lt)
	return &linkTokenCreateResponse{LinkToken: tok, Expiration: product.RFC3339(lt.Expires)}, nil
}

// leslieAnswers pass every pane as Leslie Knope.
const leslieAnswers = `{"consent": true, "phone_number": "+12345678909", "sms_codes": ["11111"], "documents": 1,
	"user": {"given_name": "Leslie", "family_name": "Knope", "date_of_birth": "1975-01-18",
		"address": {"street": "123 Main St.", "city": "Pawnee", "region": "IN", "postal_code": "46001", "country": "US"},
		"id_number": {"value": "123456789", "type": "us_ssn"}}}`

type idvCompleteResponse struct {
	PublicToken *string        `json:"public_token"`
	Metadata    map[string]any `json:"metadata"`
	// IdentityVerification is the session as /identity_verification/get shows it.
	IdentityVerification map[string]any `json:"identity_verification"`
	wire.Response
}

// completeIDV is headless Link for an Identity Verification token: the
// answers run the session (none given: Leslie Knope's), and the answer is
// what onSuccess gives (no public token, the session's id).
func (p *API) completeIDV(c *product.Call, lt Token, answers json.RawMessage) (any, *wire.Error) {
	v := p.door.Verifier()
	if v == nil {
		return nil, wire.New(wire.CodeInvalidLinkToken)
	}
	if len(answers) == 0 || string(answers) == "null" {
		answers = json.RawMessage(leslieAnswers)
	}
	c.ClientID = lt.ClientID
	view, err := v.LinkAnswer(c, lt.IDVSession, answers)
	if err != nil {
		return nil, err
	}
	delete(view, "document_attempts")
	return &idvCompleteResponse{Metadata: map[string]any{"institution": nil, "accounts": []any{}, "link_session_id": lt.IDVSession},
		IdentityVerification: view}, nil
}

// handleShare serves GET /_emulator/link/share/{idv_id}?key=…: a
// session's shareable URL. With the session's key it opens Link on the
// session (a link token made for it), outside any app: no callbacks.
func (p *API) handleShare(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_emulator/link/share/")
	v := p.door.Verifier()
	client, ok := "", false
	if v != nil {
		client, ok = v.Shared(id, r.URL.Query().Get("key"))
	}
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no shareable identity verification " + wire.Clip(id, 60) + " with that key"})
		return
	}
	now := p.door.Now()
	tok := p.add(&Token{ClientID: client, Created: now, Expires: now.Add(linkTokenTTL), Products: []string{"identity_verification"},
		CountryCodes: []string{"US"}, Language: "en", AccountSelect: "multiple", IDVSession: id})
	page := url.URL{Path: "/_emulator/link/ui", RawQuery: url.Values{"link_token": {tok}}.Encode()}
	http.Redirect(w, r, page.String(), http.StatusSeeOther)
}
