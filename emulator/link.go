package emulator

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Link token lifetimes (reference §5).
const (
	linkTokenTTL       = 4 * time.Hour
	linkTokenUpdateTTL = 30 * time.Minute
)

// linkToken is a stored /link/token/create configuration.
type linkToken struct {
	token           string
	clientID        string
	created         time.Time
	expires         time.Time
	products        []string
	countryCodes    []string
	language        string
	clientName      string
	webhook         *string
	redirectURI     *string
	accountFilters  json.RawMessage
	institutionData json.RawMessage
	institutionID   string
	itemID          string // set in update mode
	userID          string
	daysRequested   int
	sessions        []json.RawMessage // completed Link sessions, in order
}

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
	RedirectURI                 *string         `json:"redirect_uri"`
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
	UserToken           json.RawMessage `json:"user_token"`
}

type linkTokenCreateResponse struct {
	LinkToken  string `json:"link_token"`
	Expiration string `json:"expiration"`
	wire.Response
}

// handleLinkTokenCreate serves POST /link/token/create.
func handleLinkTokenCreate(c *call, req *linkTokenCreateRequest) (any, *wire.Error) {
	update := req.AccessToken != nil
	switch {
	case req.User == nil && req.UserID == nil:
		return nil, wire.New(wire.CodeMissingFields, "user")
	case !update && len(req.Products) == 0:
		return nil, wire.New(wire.CodeMissingFields, "products")
	case slices.Contains(req.Products, "balance"):
		return nil, wire.New(wire.CodeInvalidProduct, `["balance"]`).WithMessage(
			"balance is not a valid product to initialize Link with; use another product and call /accounts/balance/get")
	}
	st := c.s.store
	lt := &linkToken{
		clientID: c.ClientID, created: c.Now, expires: c.Now.Add(linkTokenTTL),
		products: slices.Clone(req.Products), countryCodes: req.CountryCodes, language: req.Language,
		clientName: req.ClientName, webhook: req.Webhook, redirectURI: req.RedirectURI,
		accountFilters: req.AccountFilters, institutionData: req.InstitutionData, daysRequested: 90,
	}
	if req.InstitutionID != nil {
		lt.institutionID = *req.InstitutionID
		if st.Fixtures.Institution(lt.institutionID) == nil {
			return nil, wire.New(wire.CodeInvalidInstitution)
		}
	}
	if req.User != nil {
		lt.userID = req.User.ClientUserID
	}
	if req.Transactions != nil && req.Transactions.DaysRequested != nil {
		lt.daysRequested = *req.Transactions.DaysRequested
	}
	if update {
		it, err := st.itemFor(c.ClientID, *req.AccessToken)
		if err != nil {
			return nil, err
		}
		lt.itemID, lt.institutionID = it.ID, it.InstitutionID
		lt.expires = c.Now.Add(linkTokenUpdateTTL)
		if lt.webhook == nil {
			lt.webhook = it.Webhook
		}
	}
	tok := st.addLinkToken(lt)
	return &linkTokenCreateResponse{LinkToken: tok, Expiration: product.RFC3339(lt.expires)}, nil
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

// handleLinkTokenGet serves POST /link/token/get. An expired token can still
// be read (its sessions stay useful); it just can no longer open Link.
func handleLinkTokenGet(c *call, req *linkTokenGetRequest) (any, *wire.Error) {
	lt, err := c.s.store.linkTokenFor(c.ClientID, req.LinkToken)
	if err != nil {
		return nil, err
	}
	created, expires := product.RFC3339(lt.created), product.RFC3339(lt.expires)
	lang, name := lt.language, lt.clientName
	return &linkTokenGetResponse{
		LinkToken: lt.token, CreatedAt: &created, Expiration: &expires,
		Metadata: linkTokenMetadata{
			InitialProducts: product.NonNil(lt.products), Webhook: lt.webhook, CountryCodes: lt.countryCodes,
			Language: &lang, InstitutionData: lt.institutionData, AccountFilters: lt.accountFilters,
			RedirectURI: lt.redirectURI, ClientName: &name,
		},
		LinkSessions: product.NonNil(lt.sessions),
	}, nil
}

// addLinkToken stores lt under a new link token.
func (s *store) addLinkToken(lt *linkToken) string {
	s.wlock()
	defer s.mu.Unlock()
	lt.token = "link-sandbox-" + s.newUUID()
	s.links[lt.token] = lt
	return lt.token
}

// linkTokenFor returns a copy of clientID's link token.
func (s *store) linkTokenFor(clientID, tok string) (linkToken, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	lt, ok := s.links[tok]
	if !ok || lt.clientID != clientID {
		return linkToken{}, wire.New(wire.CodeInvalidLinkToken)
	}
	return *lt, nil
}

// rfc3339 formats t as Plaid does: UTC, seconds, Z.

// linkTokenAny returns a copy of a link token whoever owns it (headless
// Link acts for the token's client).
func (s *store) linkTokenAny(tok string) (linkToken, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	lt, ok := s.links[tok]
	if !ok {
		return linkToken{}, false
	}
	return *lt, true
}

// addLinkSession records a finished Link session on its link token.
func (s *store) addLinkSession(tok string, session json.RawMessage) {
	s.wlock()
	defer s.mu.Unlock()
	if lt, ok := s.links[tok]; ok {
		lt.sessions = append(slices.Clone(lt.sessions), session)
	}
}
