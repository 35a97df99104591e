// Package institutions serves the institution directory: /institutions/get,
// /get_by_id and /search, from the fixtures.
package institutions

import (
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

type institutionJSON struct {
	InstitutionID string   `json:"institution_id"`
	Name          string   `json:"name"`
	Products      []string `json:"products"`
	CountryCodes  []string `json:"country_codes"`
	// URL, PrimaryColor and Logo are there only when include_optional_metadata
	// asked (then null when unknown), as Plaid's own client tests expect.
	URL            any                    `json:"url,omitempty"`
	PrimaryColor   any                    `json:"primary_color,omitempty"`
	Logo           any                    `json:"logo,omitempty"`
	RoutingNumbers []string               `json:"routing_numbers"`
	DTCNumbers     []string               `json:"dtc_numbers"`
	OAuth          bool                   `json:"oauth"`
	Status         *institutionStatusJSON `json:"status,omitempty"`
	// PaymentInitiationMetadata is there only when
	// include_payment_initiation_metadata asked (null for a bank without
	// Payment Initiation).
	PaymentInitiationMetadata any `json:"payment_initiation_metadata,omitempty"`
}

// views are the optional parts of an institution a request asked for.
type views struct{ optional, payments, status bool }

func (o *institutionOptions) views() views {
	return views{optional: o.IncludeOptionalMetadata != nil && *o.IncludeOptionalMetadata,
		payments: o.IncludePaymentInitiationMetadata != nil && *o.IncludePaymentInitiationMetadata}
}

// paymentMetadata is what a Payment Initiation bank supports, the same for
// every one (docs/choices.md).
func paymentMetadata() map[string]any {
	return map[string]any{"supports_international_payments": true, "supports_sepa_instant": false,
		"maximum_payment_amount": map[string]string{"GBP": "10000000", "EUR": "10000000"}, "supports_refund_details": true,
		"standing_order_metadata": map[string]any{"supports_standing_order_end_date": true,
			"supports_standing_order_negative_execution_days": false, "valid_standing_order_intervals": []string{"WEEKLY", "MONTHLY"}},
		"supports_payment_consents": true}
}

type institutionStatusJSON struct {
	ItemLogins          *productStatusJSON `json:"item_logins"`
	TransactionsUpdates *productStatusJSON `json:"transactions_updates"`
	Auth                *productStatusJSON `json:"auth"`
	Identity            *productStatusJSON `json:"identity"`
	HealthIncidents     []any              `json:"health_incidents"`
}

type productStatusJSON struct {
	Status           string              `json:"status"`
	LastStatusChange string              `json:"last_status_change"`
	Breakdown        statusBreakdownJSON `json:"breakdown"`
}

type statusBreakdownJSON struct {
	Success          float64 `json:"success"`
	ErrorPlaid       float64 `json:"error_plaid"`
	ErrorInstitution float64 `json:"error_institution"`
	RefreshInterval  string  `json:"refresh_interval,omitempty"`
}

// institutionView renders an institution; optional metadata (url, color,
// logo) only when asked, and status only when asked.
func institutionView(c *product.Call, in *fixtures.Institution, v views) institutionJSON {
	metadata, status := v.optional, v.status
	j := institutionJSON{
		InstitutionID: in.InstitutionID, Name: in.Name, Products: product.NonNil(in.Products),
		CountryCodes: product.NonNil(in.CountryCodes), RoutingNumbers: product.NonNil(in.RoutingNumbers),
		DTCNumbers: product.NonNil(in.DTCNumbers), OAuth: in.OAuth,
	}
	if metadata {
		logo := in.LogoBase64() // the fixture's, else a generated monogram (as Link shows)
		j.URL, j.PrimaryColor, j.Logo = in.URL, in.PrimaryColor, &logo
	}
	if v.payments {
		j.PaymentInitiationMetadata = (map[string]any)(nil)
		if slices.Contains(in.Products, "payment_initiation") {
			j.PaymentInitiationMetadata = paymentMetadata()
		}
	}
	if status {
		health := in.Status
		if health == "" {
			health = "HEALTHY"
		}
		b := statusBreakdownJSON{Success: 0.99, ErrorPlaid: 0.005, ErrorInstitution: 0.005, RefreshInterval: "NORMAL"}
		switch health {
		case "DEGRADED":
			b = statusBreakdownJSON{Success: 0.6, ErrorPlaid: 0.05, ErrorInstitution: 0.35, RefreshInterval: "DELAYED"}
		case "DOWN":
			b = statusBreakdownJSON{Success: 0, ErrorPlaid: 0, ErrorInstitution: 1, RefreshInterval: "STOPPED"}
		}
		ps := &productStatusJSON{Status: health, LastStatusChange: product.RFC3339(c.Started), Breakdown: b}
		j.Status = &institutionStatusJSON{ItemLogins: ps, TransactionsUpdates: ps, Auth: ps, Identity: ps, HealthIncidents: []any{}}
	}
	return j
}

type institutionOptions struct {
	IncludeOptionalMetadata          *bool `json:"include_optional_metadata"`
	IncludeAuthMetadata              *bool `json:"include_auth_metadata"`
	IncludePaymentInitiationMetadata *bool `json:"include_payment_initiation_metadata"`
}

type institutionsGetRequest struct {
	product.Credentials
	Count        int      `json:"count" plaid:"required,min=1,max=500"`
	Offset       int      `json:"offset" plaid:"required,min=0"`
	CountryCodes []string `json:"country_codes" plaid:"required,minitems=1,enum=country_codes"`
	Options      *struct {
		institutionOptions
		Products       []string `json:"products" plaid:"minitems=1,enum=products"`
		RoutingNumbers []string `json:"routing_numbers"`
		OAuth          *bool    `json:"oauth"`
	} `json:"options"`
}

type institutionsGetResponse struct {
	Institutions []institutionJSON `json:"institutions"`
	Total        int               `json:"total"`
	wire.Response
}

// matches applies the filters shared by /institutions/get and /search.
func instMatches(in *fixtures.Institution, countries, products []string, oauth *bool) bool {
	if !slices.ContainsFunc(in.CountryCodes, func(c string) bool { return slices.Contains(countries, c) }) {
		return false
	}
	for _, p := range products {
		if !slices.Contains(in.Products, p) {
			return false
		}
	}
	return oauth == nil || in.OAuth == *oauth
}

// HandleInstitutionsGet serves POST /institutions/get: fixture order, paged.
func HandleInstitutionsGet(c *product.Call, req *institutionsGetRequest) (any, *wire.Error) {
	var products, routing []string
	var oauth *bool
	var v views
	if o := req.Options; o != nil {
		products, routing, oauth = o.Products, o.RoutingNumbers, o.OAuth
		v = o.views()
	}
	var all []institutionJSON
	for i := range c.Fixtures.Institutions {
		in := &c.Fixtures.Institutions[i]
		if !instMatches(in, req.CountryCodes, products, oauth) {
			continue
		}
		if len(routing) > 0 && !slices.ContainsFunc(in.RoutingNumbers, func(r string) bool { return slices.Contains(routing, r) }) {
			continue
		}
		all = append(all, institutionView(c, in, v))
	}
	page := []institutionJSON{}
	if req.Offset < len(all) {
		page = all[req.Offset:min(len(all), req.Offset+req.Count)]
	}
	return &institutionsGetResponse{Institutions: page, Total: len(all)}, nil
}

type institutionsGetByIDRequest struct {
	product.Credentials
	InstitutionID string   `json:"institution_id" plaid:"required,minlen=1"`
	CountryCodes  []string `json:"country_codes" plaid:"required,enum=country_codes"`
	Options       *struct {
		institutionOptions
		IncludeStatus *bool `json:"include_status"`
	} `json:"options"`
}

type institutionsGetByIDResponse struct {
	Institution institutionJSON `json:"institution"`
	wire.Response
}

// HandleInstitutionsGetByID serves POST /institutions/get_by_id. An id that
// is unknown, or not in the given countries, is INVALID_INSTITUTION.
func HandleInstitutionsGetByID(c *product.Call, req *institutionsGetByIDRequest) (any, *wire.Error) {
	in := c.Fixtures.Institution(req.InstitutionID)
	if in == nil || (len(req.CountryCodes) > 0 && !instMatches(in, req.CountryCodes, nil, nil)) {
		return nil, wire.New(wire.CodeInvalidInstitution)
	}
	var v views
	if o := req.Options; o != nil {
		v = o.views()
		v.status = o.IncludeStatus != nil && *o.IncludeStatus
	}
	return &institutionsGetByIDResponse{Institution: institutionView(c, in, v)}, nil
}

type institutionsSearchRequest struct {
	product.Credentials
	Query        string   `json:"query" plaid:"required,minlen=1"`
	Products     []string `json:"products" plaid:"minitems=1,enum=products"`
	CountryCodes []string `json:"country_codes" plaid:"required,enum=country_codes"`
	Options      *struct {
		institutionOptions
		OAuth             *bool           `json:"oauth"`
		PaymentInitiation *map[string]any `json:"payment_initiation"`
	} `json:"options"`
}

type institutionsSearchResponse struct {
	Institutions []institutionJSON `json:"institutions"`
	wire.Response
}

// maxSearchResults is Plaid's cap on /institutions/search results.
const maxSearchResults = 10

// HandleInstitutionsSearch serves POST /institutions/search: a
// case-insensitive match on every word of the query against the name (or
// the exact institution id), names that start with the query first.
func HandleInstitutionsSearch(c *product.Call, req *institutionsSearchRequest) (any, *wire.Error) {
	var oauth *bool
	var v views
	if o := req.Options; o != nil {
		oauth = o.OAuth
		v = o.views()
	}
	q := strings.ToLower(strings.TrimSpace(req.Query))
	words := strings.Fields(q)
	var prefix, other []institutionJSON
	for i := range c.Fixtures.Institutions {
		in := &c.Fixtures.Institutions[i]
		name := strings.ToLower(in.Name)
		hit := in.InstitutionID == req.Query || (len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(name, w) }))
		if !hit || !instMatches(in, req.CountryCodes, req.Products, oauth) {
			continue
		}
		if strings.HasPrefix(name, q) {
			prefix = append(prefix, institutionView(c, in, v))
		} else {
			other = append(other, institutionView(c, in, v))
		}
	}
	all := append(prefix, other...)
	if len(all) > maxSearchResults {
		all = all[:maxSearchResults]
	}
	return &institutionsSearchResponse{Institutions: product.NonNil(all)}, nil
}
