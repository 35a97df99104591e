package enrich

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

//go:embed rules.yaml
var rulesYAML []byte

// rule is one counterparty the rule table knows (rules.yaml).
type rule struct {
	Name           string   `yaml:"name"`
	Type           string   `yaml:"type"`
	Match          []string `yaml:"match"`
	Website        *string  `yaml:"website"`
	LogoURL        *string  `yaml:"logo_url"`
	Phone          *string  `yaml:"phone_number"`
	PFC            []string `yaml:"pfc"` // primary, detailed
	CategoryID     string   `yaml:"category_id"`
	PaymentChannel string   `yaml:"payment_channel"`
	Stores         []store  `yaml:"stores"`
	// NoMerchant: the counterparty is not a merchant (an ATM, a fee):
	// merchant_name and entity_id stay null.
	NoMerchant bool `yaml:"no_merchant"`
	phrases    []string
}

// store is a known store of a merchant, found by its number in the description.
type store struct {
	Number     string  `yaml:"number"`
	Address    string  `yaml:"address"`
	City       string  `yaml:"city"`
	Region     string  `yaml:"region"`
	PostalCode string  `yaml:"postal_code"`
	Country    string  `yaml:"country"`
	Lat        float64 `yaml:"lat"`
	Lon        float64 `yaml:"lon"`
}

// carrier: a counterparty that carries a merchant's sale (the merchant is
// looked for too, and is the primary one).
func (r *rule) carrier() bool {
	return r.Type == "marketplace" || r.Type == "payment_app" || r.Type == "payment_terminal"
}

var rules = sync.OnceValue(func() []*rule {
	var doc struct {
		Rules []*rule `yaml:"rules"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(rulesYAML)))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		panic(fmt.Sprintf("enrich: rules.yaml: %v", err)) // embedded: a test reads it
	}
	for _, r := range doc.Rules {
		for _, m := range r.Match {
			r.phrases = append(r.phrases, " "+normalise(m)+" ")
		}
	}
	return doc.Rules
})

// normalise upper-cases a description and makes every run of characters
// other than ASCII letters and digits one space.
func normalise(s string) string {
	b := make([]byte, 0, len(s))
	space := true // no leading space
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
			b = append(b, c)
			space = false
		} else if !space {
			b = append(b, ' ')
			space = true
		}
	}
	return strings.TrimSuffix(string(b), " ")
}

// match finds the rules a normalised description names: the first that
// matches, and when it carries a sale (a marketplace, a payment app or
// terminal), the merchant it carried, if a later rule names one.
func match(norm string) (primary, carrier *rule) {
	padded := " " + norm + " "
	var found []*rule
	for _, r := range rules() {
		for _, p := range r.phrases {
			if strings.Contains(padded, p) {
				found = append(found, r)
				break
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	if first := found[0]; first.carrier() {
		for _, r := range found[1:] {
			if !r.carrier() {
				return r, first
			}
		}
		return nil, first
	}
	return found[0], nil
}

// without removes a rule's phrases from a normalised description (what is
// left names the merchant a carrier carried).
func without(norm string, r *rule) string {
	padded := " " + norm + " "
	for _, p := range r.phrases {
		padded = strings.ReplaceAll(padded, p, " ")
	}
	return strings.TrimSpace(padded)
}

// catalogue finds a merchant of the fixtures whose name or merchant name
// the description holds.
func catalogue(fx *fixtures.Set, norm string) *fixtures.Merchant {
	if fx == nil {
		return nil
	}
	padded := " " + norm + " "
	for _, n := range namesOf(fx) {
		if strings.Contains(padded, n.phrase) {
			return &fx.Merchants[n.merchant]
		}
	}
	return nil
}

type catalogueName struct {
	phrase   string // normalised, between spaces
	merchant int
}

// catalogueNames holds each fixture set's merchant names, normalised once
// (a set never changes once served). It is bounded: past 64 sets it starts
// over, which costs time, never correctness.
var catalogueNames = struct {
	sync.Mutex
	m map[*fixtures.Set][]catalogueName
}{m: map[*fixtures.Set][]catalogueName{}}

func namesOf(fx *fixtures.Set) []catalogueName {
	if v, ok := cachedNames(fx); ok {
		return v
	}
	var out []catalogueName
	for i := range fx.Merchants {
		m := &fx.Merchants[i]
		for _, name := range []*string{&m.Name, m.MerchantName} {
			if name != nil {
				if n := normalise(*name); len(n) >= 3 {
					out = append(out, catalogueName{" " + n + " ", i})
				}
			}
		}
	}
	catalogueNames.Lock()
	defer catalogueNames.Unlock()
	if len(catalogueNames.m) >= 64 {
		clear(catalogueNames.m)
	}
	catalogueNames.m[fx] = out
	return out
}

func cachedNames(fx *fixtures.Set) ([]catalogueName, bool) {
	catalogueNames.Lock()
	defer catalogueNames.Unlock()
	v, ok := catalogueNames.m[fx]
	return v, ok
}

var storeNumber = regexp.MustCompile(`#\s*(\d+)`)

// storeOf is the known store a description's "#1234" names.
func storeOf(r *rule, desc string) *store {
	m := storeNumber.FindStringSubmatch(desc)
	if m == nil {
		return nil
	}
	for i := range r.Stores {
		if r.Stores[i].Number == m[1] {
			return &r.Stores[i]
		}
	}
	return nil
}

// entityID is a counterparty's stable id.
func entityID(name string) string { return ledger.HashID("merchant/" + name) }
