package identity

import (
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Identity match: what a customer told the app (or a processor partner) is
// scored against an account's owners. /identity/match and
// /processor/identity/match share the scoring.

// MatchUser is the request's user: the fields to score.
type MatchUser struct {
	LegalName    *string `json:"legal_name"`
	PhoneNumber  *string `json:"phone_number"`
	EmailAddress *string `json:"email_address"`
	Address      *struct {
		City       *string `json:"city"`
		Region     *string `json:"region"`
		Street     *string `json:"street"`
		PostalCode *string `json:"postal_code"`
		Country    *string `json:"country"`
	} `json:"address"`
}

type nameScore struct {
	Score               *int  `json:"score"`
	IsFirstOrLastMatch  *bool `json:"is_first_name_or_last_name_match"`
	IsNicknameMatch     *bool `json:"is_nickname_match"`
	IsBusinessNameFound *bool `json:"is_business_name_detected"`
}

type simpleScore struct {
	Score *int `json:"score"`
}

type addressScore struct {
	Score             *int  `json:"score"`
	IsPostalCodeMatch *bool `json:"is_postal_code_match"`
}

type IdentityMatchAccount struct {
	product.AccountJSON
	LegalName    *nameScore    `json:"legal_name"`
	PhoneNumber  *simpleScore  `json:"phone_number"`
	EmailAddress *simpleScore  `json:"email_address"`
	Address      *addressScore `json:"address"`
}

type identityMatchRequest struct {
	product.Credentials
	AccessToken string                  `json:"access_token" plaid:"required"`
	User        *MatchUser              `json:"user"`
	Options     *product.AccountOptions `json:"options"`
}

type identityMatchResponse struct {
	Accounts []IdentityMatchAccount `json:"accounts"`
	Item     product.ItemJSON       `json:"item"`
	wire.Response
}

// HandleIdentityMatch serves POST /identity/match: every selected account
// with its scores (the identity_match product is added on first use).
func HandleIdentityMatch(c *product.Call, req *identityMatchRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "identity_match")
	if err != nil {
		return nil, err
	}
	sel, err := it.SelectAccounts(req.Options.IDs())
	if err != nil {
		return nil, err
	}
	out := make([]IdentityMatchAccount, len(sel))
	for i, a := range sel {
		out[i] = MatchScores(a, req.User)
	}
	return &identityMatchResponse{Accounts: out, Item: it.JSON()}, nil
}

// MatchScores scores each field u gives, 0–100, against the account's
// owners: 100 exact, 70 a first or last name or the street number and name;
// a field not given is null.
func MatchScores(a *product.Account, u *MatchUser) IdentityMatchAccount {
	out := IdentityMatchAccount{AccountJSON: a.JSON()}
	if u == nil {
		return out
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	best := func(score func(o ownerView) int) *int {
		m := 0
		for _, o := range ownerViews(a) {
			m = max(m, score(o))
		}
		return &m
	}
	if u.LegalName != nil {
		partial := false
		sc := best(func(o ownerView) int {
			for _, n := range o.names {
				if norm(n) == norm(*u.LegalName) {
					return 100
				}
				for _, w := range strings.Fields(norm(*u.LegalName)) {
					if slices.Contains(strings.Fields(norm(n)), w) {
						partial = true
						return 70
					}
				}
			}
			return 0
		})
		f := false
		out.LegalName = &nameScore{Score: sc, IsFirstOrLastMatch: &partial, IsNicknameMatch: &f, IsBusinessNameFound: &f}
	}
	if u.PhoneNumber != nil {
		want := digits(*u.PhoneNumber)
		out.PhoneNumber = &simpleScore{Score: best(func(o ownerView) int {
			for _, p := range o.phones {
				if d := digits(p); d != "" && (strings.HasSuffix(want, d) || strings.HasSuffix(d, want)) {
					return 100
				}
			}
			return 0
		})}
	}
	if u.EmailAddress != nil {
		out.EmailAddress = &simpleScore{Score: best(func(o ownerView) int {
			for _, e := range o.emails {
				if norm(e) == norm(*u.EmailAddress) {
					return 100
				}
			}
			return 0
		})}
	}
	if ad := u.Address; ad != nil {
		postal := false
		sc := best(func(o ownerView) int {
			s := 0
			for _, x := range o.addresses {
				if z := zip5(ad.PostalCode); z != "" && z == zip5(x.Data.PostalCode) {
					postal = true
				}
				switch {
				case ad.Street != nil && norm(x.Data.Street) == norm(*ad.Street):
					s = max(s, 100)
				case ad.Street != nil && len(strings.Fields(norm(*ad.Street))) > 0 && strings.HasPrefix(norm(x.Data.Street), strings.Fields(norm(*ad.Street))[0]+" "):
					s = max(s, 70)
				}
			}
			return s
		})
		out.Address = &addressScore{Score: sc, IsPostalCodeMatch: &postal}
	}
	return out
}

// ownerView flattens an account's owners for matching.
type ownerView struct {
	names, phones, emails []string
	addresses             []fixtures.Address
}

// zip5 is the first five digits of a postal code.
func zip5(s *string) string {
	if s == nil {
		return ""
	}
	d := digits(*s)
	return d[:min(5, len(d))]
}

// digits keeps only the digits of s.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func ownerViews(a *product.Account) []ownerView {
	var out []ownerView
	for _, o := range a.Owners {
		v := ownerView{names: o.Names}
		for _, p := range o.PhoneNumbers {
			v.phones = append(v.phones, p.Data)
		}
		for _, e := range o.Emails {
			v.emails = append(v.emails, e.Data)
		}
		v.addresses = append(v.addresses, o.Addresses...)
		out = append(out, v)
	}
	return out
}
