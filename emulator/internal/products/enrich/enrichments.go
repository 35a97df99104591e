package enrich

import (
	"regexp"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// enrichments is what Enrich adds to a transaction (the spec's
// Enrichments): every required key present, null where nothing is known.
type enrichments struct {
	Counterparties   []counterparty `json:"counterparties"`
	EntityID         *string        `json:"entity_id"`
	LegacyCategory   []string       `json:"legacy_category,omitempty"`
	LegacyCategoryID *string        `json:"legacy_category_id,omitempty"`
	Location         location       `json:"location"`
	LogoURL          *string        `json:"logo_url"`
	MerchantName     *string        `json:"merchant_name"`
	PaymentChannel   string         `json:"payment_channel"`
	PFC              *pfc           `json:"personal_finance_category"`
	PFCIconURL       string         `json:"personal_finance_category_icon_url"`
	PhoneNumber      *string        `json:"phone_number"`
	Website          *string        `json:"website"`
}

type counterparty struct {
	Name            string  `json:"name"`
	Type            string  `json:"type"`
	EntityID        *string `json:"entity_id"`
	LogoURL         *string `json:"logo_url"`
	Website         *string `json:"website"`
	PhoneNumber     *string `json:"phone_number"`
	ConfidenceLevel string  `json:"confidence_level"`
}

type location struct {
	Address     *string  `json:"address"`
	City        *string  `json:"city"`
	Region      *string  `json:"region"`
	PostalCode  *string  `json:"postal_code"`
	Country     *string  `json:"country"`
	Lat         *float64 `json:"lat"`
	Lon         *float64 `json:"lon"`
	StoreNumber *string  `json:"store_number"`
}

type pfc struct {
	Primary         string `json:"primary"`
	Detailed        string `json:"detailed"`
	ConfidenceLevel string `json:"confidence_level"`
	Version         string `json:"version"`
}

type options struct {
	legacy  bool
	version string // v1 or v2
}

// found is what the description was matched to, before it is written out.
type found struct {
	name, kind, channel, categoryID string
	website, logo, phone            *string
	pfc                             [2]string
	confidence                      string
	merchant                        bool // names the merchant (merchant_name, entity_id)
}

func fromRule(r *rule) found {
	return found{name: r.Name, kind: r.Type, channel: r.PaymentChannel, categoryID: r.CategoryID, website: r.Website,
		logo: r.LogoURL, phone: r.Phone, pfc: [2]string{r.PFC[0], r.PFC[1]}, confidence: "VERY_HIGH", merchant: !r.NoMerchant}
}

func fromMerchant(m *fixtures.Merchant) found {
	f := found{name: m.Name, kind: m.CounterpartyType, channel: m.PaymentChannel, categoryID: m.CategoryID, website: m.Website,
		logo: m.LogoURL, pfc: [2]string{m.PFCPrimary, m.PFCDetailed}, confidence: "VERY_HIGH", merchant: m.MerchantName != nil}
	if m.MerchantName != nil {
		f.name = *m.MerchantName
	}
	return f
}

// cleaned is a description no rule or merchant names: a name made of its
// first words (digits and card-processor noise dropped), LOW confidence,
// and a category from its direction alone.
func cleaned(norm, direction string) found {
	var words []string
	for _, w := range strings.Fields(norm) {
		if noise.MatchString(w) {
			continue
		}
		words = append(words, strings.ToUpper(w[:1])+strings.ToLower(w[1:]))
		if len(words) == 3 {
			break
		}
	}
	f := found{name: strings.Join(words, " "), kind: "merchant", channel: "other", confidence: "LOW", merchant: true,
		pfc: [2]string{"GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE"}, categoryID: "19000000"}
	if direction == "INFLOW" {
		f.pfc, f.categoryID = [2]string{"INCOME", "INCOME_OTHER_INCOME"}, "21007000"
	}
	if f.name == "" {
		f.name = "Unknown"
	}
	return f
}

// noise are words that name no one: numbers, card and processor prefixes.
var noise = regexp.MustCompile(`^(\d.*|POS|PURCHASE|DEBIT|CREDIT|CARD|ACH|ONLINE|PMT|PAYMENT|TST|CHECKCARD|RECURRING|[A-Z]{2})$`)

// enrich enriches one transaction.
func enrich(fx *fixtures.Set, t *transaction, o options) enrichments {
	norm := normalise(t.Description)
	primary, carrier := match(norm)
	var main found
	switch {
	case primary != nil:
		main = fromRule(primary)
	case carrier != nil:
		if m := catalogue(fx, without(norm, carrier)); m != nil {
			main = fromMerchant(m)
		} else if rest := without(norm, carrier); rest != "" {
			main = cleaned(rest, t.Direction)
			main.pfc, main.categoryID, main.channel = [2]string{carrier.PFC[0], carrier.PFC[1]}, carrier.CategoryID, carrier.PaymentChannel
		} else {
			main, carrier = fromRule(carrier), nil
		}
	default:
		if m := catalogue(fx, norm); m != nil {
			main = fromMerchant(m)
		} else {
			main = cleaned(norm, t.Direction)
		}
	}
	if t.ISOCurrencyCode != "USD" && t.ISOCurrencyCode != "CAD" {
		main.confidence = "LOW" // Enrich knows US and Canadian transactions
	}
	e := enrichments{Counterparties: []counterparty{}, PaymentChannel: main.channel, LogoURL: main.logo, Website: main.website,
		PhoneNumber: main.phone, PFCIconURL: ledger.PFCIconURL(main.pfc[0]),
		PFC: &pfc{Primary: main.pfc[0], Detailed: main.pfc[1], ConfidenceLevel: main.confidence, Version: o.version}}
	if carrier != nil {
		c := fromRule(carrier)
		e.Counterparties = append(e.Counterparties, c.counterparty())
		if main.channel == "in store" { // bought through the carrier: not at the store
			e.PaymentChannel = c.channel
		}
	}
	e.Counterparties = append(e.Counterparties, main.counterparty())
	if main.merchant {
		id := entityID(main.name)
		e.MerchantName, e.EntityID = &main.name, &id
	}
	e.Location = locate(primary, t, e.PaymentChannel)
	if o.legacy && fx != nil {
		if cat := fx.Category(main.categoryID); cat != nil {
			e.LegacyCategory, e.LegacyCategoryID = append([]string{}, cat.Hierarchy...), &cat.CategoryID
		}
	}
	return e
}

func (f found) counterparty() counterparty {
	c := counterparty{Name: f.name, Type: f.kind, LogoURL: f.logo, Website: f.website, PhoneNumber: f.phone, ConfidenceLevel: f.confidence}
	if f.merchant || f.kind != "merchant" {
		id := entityID(f.name)
		c.EntityID = &id
	}
	return c
}

// locate is where an in-store transaction was made: a known store the
// description names, else what the client said; nothing for the others.
func locate(r *rule, t *transaction, channel string) location {
	var l location
	if channel != "in store" {
		return l
	}
	if r != nil {
		if s := storeOf(r, t.Description); s != nil {
			return location{Address: &s.Address, City: &s.City, Region: &s.Region, PostalCode: &s.PostalCode, Country: &s.Country,
				Lat: &s.Lat, Lon: &s.Lon, StoreNumber: &s.Number}
		}
	}
	if p := t.Location; p != nil {
		l.Address, l.City, l.Region, l.PostalCode, l.Country = p.Address, p.City, p.Region, p.PostalCode, p.Country
	}
	return l
}
