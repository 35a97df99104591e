package idv

import (
	"strings"
	"unicode"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// The checks, as the Sandbox's data sources answer them: a person is the
// persona whose record matches most of what was entered; each KYC field
// is match, partial_match, no_match, no_input (not entered) or no_data
// (no record found); the template's rules decide. A document shows its
// holder's name and birth date (a persona's own, Leslie Knope's for an
// unknown person, and never a match for a persona whose document fails).

func norm(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// fieldSummaries compares what was entered with a persona's record.
func fieldSummaries(u UserData, p *fixtures.IDVPersona) map[string]string {
	out := map[string]string{}
	cmp := func(field string, entered bool, same, partly bool) {
		switch {
		case !entered:
			out[field] = "no_input"
		case p == nil:
			out[field] = "no_data"
		case same:
			out[field] = "match"
		case partly:
			out[field] = "partial_match"
		default:
			out[field] = "no_match"
		}
	}
	var pg, pf, pdob string
	if p != nil {
		pg, pf, pdob = norm(p.GivenName), norm(p.FamilyName), p.DateOfBirth
	}
	g, f := norm(u.GivenName), norm(u.FamilyName)
	cmp("given_name", g != "", g == pg, false)
	cmp("family_name", f != "", f == pf, pf != "" && (strings.Contains(f, pf) || strings.Contains(pf, f)))
	cmp("name", g != "" || f != "", g == pg && f == pf, g == pg || f == pf || (pf != "" && strings.Contains(f, pf)))
	dobSame := u.DOB != "" && pdob != "" && (u.DOB == pdob || len(pdob) == 4 && strings.HasPrefix(u.DOB, pdob))
	cmp("date_of_birth", u.DOB != "", dobSame, false)
	for i, part := range []string{"year", "month", "day"} {
		lo, hi := []int{0, 5, 8}[i], []int{4, 7, 10}[i]
		same := len(u.DOB) >= hi && (len(pdob) >= hi && u.DOB[lo:hi] == pdob[lo:hi] || len(pdob) == 4 && i > 0)
		cmp(part, u.DOB != "", same, false)
	}
	addr, paddr := u.Address, fixtures.IDVAddress{}
	if p != nil {
		paddr = p.Address
	}
	fields := map[string][2]string{}
	if addr != nil {
		deref := func(s *string) string { return product.Deref(s, "") }
		fields = map[string][2]string{"street": {deref(addr.Street), paddr.Street}, "city": {deref(addr.City), paddr.City},
			"region": {deref(addr.Region), paddr.Region}, "postal_code": {deref(addr.PostalCode), paddr.PostalCode}}
	}
	matched, given := 0, 0
	for _, k := range []string{"street", "city", "region", "postal_code"} {
		v := fields[k]
		same := norm(v[0]) == norm(v[1]) || k == "street" && norm(v[1]) != "" && strings.HasPrefix(norm(v[0]), norm(v[1]))
		cmp(k, v[0] != "", same, false)
		if v[0] != "" {
			given++
			if same {
				matched++
			}
		}
	}
	cmp("address", given > 0, given > 0 && matched == given, matched > 0)
	var pphones []string
	var ssns []string
	if p != nil {
		pphones, ssns = p.Phones, p.SSNs
	}
	ph := u.Phone
	cmp("phone_number", ph != "", containsString(pphones, ph), false)
	area := ph != "" && strings.HasPrefix(ph, "+1") && len(ph) >= 5
	cmp("area_code", ph != "", area && anyHasPrefix(pphones, ph[:min(len(ph), 5)]), false)
	id := ""
	if u.IDNumber != nil {
		id = digits(u.IDNumber.Value)
	}
	idSame := false
	for _, n := range ssns {
		if n == id || len(id) == 4 && strings.HasSuffix(n, id) {
			idSame = true
		}
	}
	cmp("id_number", id != "", idSame, false)
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func anyHasPrefix(list []string, prefix string) bool {
	for _, x := range list {
		if strings.HasPrefix(x, prefix) {
			return true
		}
	}
	return false
}

// bestPersona is the persona whose record matches most of u (nil: none matches anything).
func bestPersona(people []fixtures.IDVPersona, u UserData) *fixtures.IDVPersona {
	var best *fixtures.IDVPersona
	score := 0
	for i := range people {
		n := 0
		for _, v := range fieldSummaries(u, &people[i]) {
			if v == "match" {
				n++
			}
		}
		if n > score {
			best, score = &people[i], n
		}
	}
	return best
}

// kyc is the KYC check's block and whether the template's rules pass it.
func kyc(s *Session, p *fixtures.IDVPersona) (map[string]any, bool) {
	f := fieldSummaries(s.User, p)
	ok := true
	for field, def := range fixtures.IDVDefaultRules {
		rule := def
		if r, set := s.Rules[field]; set {
			rule = r
		}
		got := f[field]
		switch {
		case rule == "any":
		case got == "no_input" && (field == "id_number" || field == "phone_number"):
		case got == "match":
		case got == "partial_match" && rule == "partial_match":
		default:
			ok = false
		}
	}
	status := map[bool]string{true: "success", false: "failed"}[ok]
	kind := "residential"
	if f["address"] == "no_input" || f["address"] == "no_data" {
		kind = "no_data"
	}
	poBox := "no"
	if s.User.Address != nil && strings.Contains(norm(product.Deref(s.User.Address.Street, "")), "po box") {
		poBox = "yes"
	}
	return map[string]any{"status": status,
		"address": map[string]any{"summary": f["address"], "po_box": poBox, "type": kind, "street": f["street"], "city": f["city"],
			"region": f["region"], "postal_code": f["postal_code"]},
		"name":          map[string]any{"summary": f["name"], "given_name": f["given_name"], "family_name": f["family_name"]},
		"date_of_birth": map[string]any{"summary": f["date_of_birth"], "day": f["day"], "month": f["month"], "year": f["year"]},
		"id_number":     map[string]any{"summary": f["id_number"]},
		"phone_number":  map[string]any{"summary": f["phone_number"], "area_code": f["area_code"]},
	}, ok
}

// verifySMS sends the code to the phone and checks the codes entered: it
// says whether the step could run (a phone and at least one code).
func (a *API) verifySMS(c *product.Call, s *Session, in Input, p *fixtures.IDVPersona) bool {
	if s.User.Phone == "" {
		return false
	}
	if s.SMS.Phone != s.User.Phone {
		s.SMS = smsState{Phone: s.User.Phone, Sent: 1, First: c.Now, Last: c.Now}
	}
	if len(in.Codes) == 0 {
		return false
	}
	want := "11111"
	if p != nil && p.SMSCode != "" && containsString(p.Phones, s.User.Phone) {
		want = p.SMSCode
	}
	for _, code := range in.Codes {
		if s.SMS.Solved >= 3 || s.SMS.Solved < 0 {
			break
		}
		s.SMS.Solved++
		if code == want {
			s.SMS.Solved = -s.SMS.Solved // solved: negative marks success
			break
		}
	}
	status := "pending"
	switch {
	case s.SMS.Solved < 0:
		status = "success"
	case s.SMS.Solved >= 3:
		status = "failed"
	}
	if status == "pending" {
		return false
	}
	s.detail("verify_sms", map[string]any{"status": status, "verifications": []any{map[string]any{"status": status, "attempt": 1,
		"phone_number": s.SMS.Phone, "delivery_attempt_count": s.SMS.Sent, "solve_attempt_count": abs(s.SMS.Solved),
		"initially_sent_at": product.RFC3339(s.SMS.First), "last_sent_at": product.RFC3339(s.SMS.Last), "redacted_at": nil}}})
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (s *Session) smsOutcome() string {
	if s.SMS.Solved < 0 {
		return "success"
	}
	return "failed"
}
