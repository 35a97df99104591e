package link

import (
	"encoding/json"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

type linkTokenUser struct {
	ClientUserID             string          `json:"client_user_id" plaid:"required,minlen=1"`
	LegalName                *string         `json:"legal_name"`
	Name                     json.RawMessage `json:"name"`
	PhoneNumber              *string         `json:"phone_number"`
	PhoneNumberVerifiedTime  *string         `json:"phone_number_verified_time" plaid:"format=date-time"`
	EmailAddress             *string         `json:"email_address"`
	EmailAddressVerifiedTime *string         `json:"email_address_verified_time" plaid:"format=date-time"`
	SSN                      *string         `json:"ssn"`
	DateOfBirth              *string         `json:"date_of_birth" plaid:"format=date"`
	Address                  json.RawMessage `json:"address"`
	IDNumber                 json.RawMessage `json:"id_number"`
}

type linkTokenCreateRequest struct {
	product.Credentials
	ClientName                  string          `json:"client_name" plaid:"required,minlen=1,maxlen=30"`
	Language                    string          `json:"language" plaid:"required,minlen=1"`
	CountryCodes                []string        `json:"country_codes" plaid:"required,minitems=1,enum=country_codes"`
	User                        *linkTokenUser  `json:"user"`
	UserID                      *string         `json:"user_id"`
	Products                    []string        `json:"products" plaid:"enum=products"`
	RequiredIfSupportedProducts []string        `json:"required_if_supported_products" plaid:"enum=products"`
	OptionalProducts            []string        `json:"optional_products" plaid:"enum=products"`
	AdditionalConsentedProducts []string        `json:"additional_consented_products" plaid:"enum=products"`
	Webhook                     *string         `json:"webhook" plaid:"format=url"`
	AccessToken                 *string         `json:"access_token" plaid:"minlen=1"`
	AccessTokens                []string        `json:"access_tokens"`
	LinkCustomizationName       *string         `json:"link_customization_name"`
	AppearanceMode              json.RawMessage `json:"appearance_mode"`
	RedirectURI                 *string         `json:"redirect_uri" plaid:"format=url"`
	AndroidPackageName          *string         `json:"android_package_name"`
	InstitutionData             json.RawMessage `json:"institution_data"`
	CardSwitch                  json.RawMessage `json:"card_switch"`
	AccountFilters              json.RawMessage `json:"account_filters"`
	EUConfig                    json.RawMessage `json:"eu_config"`
	InstitutionID               *string         `json:"institution_id"`
	PaymentConfiguration        json.RawMessage `json:"payment_configuration"`
	PaymentInitiation           json.RawMessage `json:"payment_initiation"`
	Employment                  json.RawMessage `json:"employment"`
	IncomeVerification          json.RawMessage `json:"income_verification"`
	BaseReport                  json.RawMessage `json:"base_report"`
	CreditPartnerInsights       json.RawMessage `json:"credit_partner_insights"`
	CRAOptions                  json.RawMessage `json:"cra_options"`
	PermissiblePurpose          json.RawMessage `json:"consumer_report_permissible_purpose"`
	Auth                        json.RawMessage `json:"auth"`
	Transfer                    json.RawMessage `json:"transfer"`
	Update                      json.RawMessage `json:"update"`
	IdentityVerification        json.RawMessage `json:"identity_verification"`
	Statements                  json.RawMessage `json:"statements"`
	ThirdPartyUserToken         json.RawMessage `json:"third_party_user_token"`
	Investments                 json.RawMessage `json:"investments"`
	InvestmentsAuth             json.RawMessage `json:"investments_auth"`
	HostedLink                  json.RawMessage `json:"hosted_link"`
	Transactions                *struct {
		DaysRequested *int `json:"days_requested" plaid:"min=1,max=730"`
	} `json:"transactions"`
	CashflowReport      json.RawMessage `json:"cashflow_report"`
	CRAEnabled          json.RawMessage `json:"cra_enabled"`
	Identity            json.RawMessage `json:"identity"`
	FinancekitSupported json.RawMessage `json:"financekit_supported"`
	EnableMultiItemLink json.RawMessage `json:"enable_multi_item_link"`
	UserToken           *string         `json:"user_token"`
}

type linkTokenCreateResponse struct {
	LinkToken  string `json:"link_token"`
	Expiration string `json:"expiration"`
	wire.Response
}

// unserved lists the products of lists that no institution of the
// fixtures offers (the emulator does not serve them), in order, once each.
func (p *API) unserved(lists ...[]string) []string {
	served := map[string]bool{"balance": true}
	for _, inst := range p.door.Fixtures().Institutions {
		for _, pr := range inst.Products {
			served[pr] = true
		}
	}
	var out []string
	for _, l := range lists {
		for _, pr := range l {
			if !served[pr] && !slices.Contains(out, pr) {
				out = append(out, pr)
			}
		}
	}
	return out
}

// HandleLinkTokenCreate serves POST /link/token/create.
func (p *API) HandleLinkTokenCreate(c *product.Call, req *linkTokenCreateRequest) (any, *wire.Error) {
	update := req.AccessToken != nil
	switch {
	case req.User == nil && req.UserID == nil:
		return nil, wire.New(wire.CodeMissingFields, "user")
	case !update && len(req.Products) == 0 && !hasProfile(req.Transfer):
		return nil, wire.New(wire.CodeMissingFields, "products")
	case slices.Contains(req.Products, "balance"):
		return nil, wire.New(wire.CodeInvalidProduct, `["balance"]`).WithMessage(
			"balance is not a valid product to initialize Link with; use another product and call /accounts/balance/get")
	}
	if err := checkHostedLink(req.HostedLink); err != nil {
		return nil, err
	}
	if slices.Contains(req.Products, "identity_verification") {
		return p.idvToken(c, req)
	}
	if pr := notEnabled(c, req.Products, req.RequiredIfSupportedProducts, req.OptionalProducts, req.AdditionalConsentedProducts); pr != "" {
		return nil, wire.New(wire.CodeInvalidProduct, `["`+pr+`"]`).WithMessage("this client is not enabled for %s", pr)
	}
	if bad := p.unserved(req.Products, req.RequiredIfSupportedProducts, req.OptionalProducts, req.AdditionalConsentedProducts); len(bad) > 0 {
		list, _ := json.Marshal(bad)
		return nil, wire.New(wire.CodeInvalidProduct, string(list)) // as for a client not enabled for them, not an empty Link
	}
	lt := &Token{
		ClientID: c.ClientID, Created: c.Now, Expires: c.Now.Add(linkTokenTTL),
		Products: slices.Clone(req.Products), CountryCodes: req.CountryCodes, Language: req.Language,
		ClientName: req.ClientName, Webhook: req.Webhook, RedirectURI: req.RedirectURI,
		AccountFilters: req.AccountFilters, InstitutionData: req.InstitutionData, DaysRequested: 90,
		AccountSelect: accountSelect(req.LinkCustomizationName), Auth: req.Auth,
	}
	if req.InstitutionID != nil {
		lt.InstitutionID = *req.InstitutionID
		if c.Fixtures.Institution(lt.InstitutionID) == nil {
			return nil, wire.New(wire.CodeInvalidInstitution)
		}
	}
	if req.User != nil {
		lt.UserID = req.User.ClientUserID
	}
	if product.Deref(req.UserID, "") != "" || product.Deref(req.UserToken, "") != "" { // a Plaid user: Items made attach to it
		var err *wire.Error
		if lt.PlaidUser, err = p.door.ResolveUser(c.ClientID, req.UserID, req.UserToken); err != nil {
			return nil, err
		}
	}
	income, err := incomeOf(req.Products, lt.PlaidUser, req.IncomeVerification)
	if err != nil {
		return nil, err
	}
	if err := checkCRA(req.Products, lt.PlaidUser, req.PermissiblePurpose); err != nil {
		return nil, err
	}
	lt.UserOptions = userOptions(lt.PlaidUser, req, income)
	if req.Transactions != nil && req.Transactions.DaysRequested != nil {
		lt.DaysRequested = *req.Transactions.DaysRequested
	}
	var paying *product.Item
	if update {
		it, err := c.Items.Item(c.ClientID, *req.AccessToken)
		if err != nil {
			return nil, err
		}
		lt.ItemID, lt.InstitutionID = it.ID, it.InstitutionID
		lt.Expires = c.Now.Add(linkTokenUpdateTTL)
		if lt.Webhook == nil {
			lt.Webhook = it.Webhook
		}
		paying = &it
	}
	if lt.TransferIntent, err = p.intentOf(c, req.Transfer, paying); err != nil {
		return nil, err
	}
	profile, profileItem, perr := p.profileOf(c, req.Transfer)
	if perr != nil {
		return nil, perr
	}
	if profileItem != "" && !update { // a READY profile: update mode on its Item
		it, ok := p.door.ItemByID(profileItem)
		if !ok {
			return nil, wire.New(wire.CodeItemNotFound)
		}
		lt.ItemID, lt.InstitutionID, lt.Expires = it.ID, it.InstitutionID, c.Now.Add(linkTokenUpdateTTL)
	} else if profile != "" {
		lt.PaymentProfile = profile
	}
	if lt.TransferIntent != "" || lt.PaymentProfile != "" {
		lt.AccountSelect = "single" // Transfer UI pays from one account; a payment profile holds one
	}
	tok := p.add(lt)
	return &linkTokenCreateResponse{LinkToken: tok, Expiration: product.RFC3339(lt.Expires)}, nil
}

type linkTokenGetRequest struct {
	product.Credentials
	LinkToken string `json:"link_token" plaid:"required"`
}

type linkTokenGetResponse struct {
	LinkToken    string            `json:"link_token"`
	CreatedAt    *string           `json:"created_at"`
	Expiration   *string           `json:"expiration"`
	Metadata     linkTokenMetadata `json:"metadata"`
	LinkSessions []json.RawMessage `json:"link_sessions"`
	wire.Response
}

type linkTokenMetadata struct {
	InitialProducts []string        `json:"initial_products"`
	Webhook         *string         `json:"webhook"`
	CountryCodes    []string        `json:"country_codes"`
	Language        *string         `json:"language"`
	InstitutionData json.RawMessage `json:"institution_data,omitempty"`
	AccountFilters  json.RawMessage `json:"account_filters,omitempty"`
	RedirectURI     *string         `json:"redirect_uri"`
	ClientName      *string         `json:"client_name"`
}

// HandleLinkTokenGet serves POST /link/token/get. An expired token can still
// be read (its sessions stay useful); it just can no longer open Link.
func (p *API) HandleLinkTokenGet(c *product.Call, req *linkTokenGetRequest) (any, *wire.Error) {
	lt, err := p.TokenFor(c.ClientID, req.LinkToken)
	if err != nil {
		return nil, err
	}
	created, expires := product.RFC3339(lt.Created), product.RFC3339(lt.Expires)
	lang, name := lt.Language, lt.ClientName
	return &linkTokenGetResponse{
		LinkToken: lt.Token, CreatedAt: &created, Expiration: &expires,
		Metadata: linkTokenMetadata{
			InitialProducts: product.NonNil(lt.Products), Webhook: lt.Webhook, CountryCodes: lt.CountryCodes,
			Language: &lang, InstitutionData: lt.InstitutionData, AccountFilters: lt.AccountFilters,
			RedirectURI: lt.RedirectURI, ClientName: &name,
		},
		LinkSessions: product.NonNil(lt.Sessions),
	}, nil
}

// checkHostedLink holds hosted_link's completion_redirect_uri, a page
// the browser goes to, to the rule of every URL a page may follow: http or
// https with a host.
func checkHostedLink(raw json.RawMessage) *wire.Error {
	var hl struct {
		CompletionRedirectURI *string `json:"completion_redirect_uri"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &hl) != nil || hl.CompletionRedirectURI == nil || *hl.CompletionRedirectURI == "" {
		return nil
	}
	if !wire.WebhookURL(*hl.CompletionRedirectURI) {
		return wire.New(wire.CodeInvalidField).WithMessage("hosted_link.completion_redirect_uri must be an http or https URL with a host")
	}
	return nil
}

// hasProfile says whether transfer names a payment profile (Link then
// needs no products: it links for Transfer).
func hasProfile(raw json.RawMessage) bool {
	var tr struct {
		Token *string `json:"payment_profile_token"`
	}
	return len(raw) > 0 && json.Unmarshal(raw, &tr) == nil && tr.Token != nil && *tr.Token != ""
}
