package institutions_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func TestInstitutions(t *testing.T) {
	e := plaidtest.New(t)
	got := e.Call("/institutions/get", map[string]any{"count": 3, "offset": 1, "country_codes": []string{"US"}}).OK(t)
	insts := plaidtest.List(got["institutions"])
	if len(insts) != 3 || plaidtest.Obj(insts[0])["institution_id"] != "ins_130016" || got["total"].(float64) < 10 {
		t.Fatalf("institutions/get page = %v total %v", insts, got["total"])
	}
	for _, k := range []string{"url", "primary_color", "logo", "payment_initiation_metadata"} {
		if _, there := plaidtest.Obj(insts[0])[k]; there {
			t.Fatalf("%s without include_optional_metadata (Plaid leaves it out)", k)
		}
	}
	got = e.Call("/institutions/get", map[string]any{"count": 500, "offset": 0, "country_codes": []string{"GB"},
		"options": map[string]any{"oauth": true, "products": []string{"payment_initiation"}}}).OK(t)
	for _, in := range plaidtest.List(got["institutions"]) {
		if plaidtest.Obj(in)["oauth"] != true {
			t.Fatalf("oauth filter let through %v", in)
		}
	}
	if got["total"].(float64) != 4 {
		t.Fatalf("GB oauth payment_initiation total = %v, want 4", got["total"])
	}
	got = e.Call("/institutions/get", map[string]any{"count": 10, "offset": 0, "country_codes": []string{"US"},
		"options": map[string]any{"routing_numbers": []string{"021000021"}, "include_optional_metadata": true}}).OK(t)
	if insts := plaidtest.List(got["institutions"]); len(insts) != 1 || plaidtest.Obj(insts[0])["name"] != "Houndstooth Bank" || plaidtest.Obj(insts[0])["primary_color"] != "#004966" {
		t.Fatalf("routing filter = %v", insts)
	}
	byID := e.Call("/institutions/get_by_id", map[string]any{"institution_id": "ins_132361", "country_codes": []string{"US"},
		"options": map[string]any{"include_status": true}}).OK(t)
	if st := plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(byID["institution"])["status"])["item_logins"]); st["status"] != "DOWN" {
		t.Fatalf("status = %v", st)
	}
	e.Call("/institutions/get_by_id", map[string]any{"institution_id": "ins_999999", "country_codes": []string{"US"}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_INSTITUTION")
	e.Call("/institutions/get_by_id", map[string]any{"institution_id": "ins_43", "country_codes": []string{"US"}}).
		PlaidErr(t, 400, "INVALID_INPUT", "INVALID_INSTITUTION")
	s := plaidtest.List(e.Call("/institutions/search", map[string]any{"query": "platypus", "country_codes": []string{"US"}}).OK(t)["institutions"])
	if len(s) == 0 || len(s) > 10 {
		t.Fatalf("search returned %d", len(s))
	}
	for _, in := range s {
		if !regexp.MustCompile(`(?i)platypus`).MatchString(plaidtest.Obj(in)["name"].(string)) {
			t.Fatalf("search hit %v", in)
		}
	}
	if s := plaidtest.List(e.Call("/institutions/search", map[string]any{"query": "houndstooth", "country_codes": []string{"US"}, "products": []string{"investments"}}).OK(t)["institutions"]); len(s) != 0 {
		t.Fatalf("product filter in search let through %v", s)
	}
	e.Call("/institutions/get", map[string]any{"count": 501, "offset": 0, "country_codes": []string{"US"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// TestCategoriesGetIsTheWholeTaxonomy checks /categories/get (which needs no
// credentials) serves Plaid's whole legacy taxonomy: 602 entries in id order,
// each id nesting in its parent's by digits (tt sss ddd: top, sub, detail),
// each hierarchy extending its parent's by one name, known entries exact.
func TestCategoriesGetIsTheWholeTaxonomy(t *testing.T) {
	e := plaidtest.New(t)
	got := e.Do(http.MethodPost, "/categories/get", http.Header{"Content-Type": {"application/json"}}, map[string]any{}).OK(t)
	cats := plaidtest.List(got["categories"])
	if len(cats) != 602 {
		t.Fatalf("%d categories, want Plaid's 602", len(cats))
	}
	byID := map[string][]any{}
	tops := map[string]bool{}
	prev := ""
	for _, c := range cats {
		id, g, h := plaidtest.Obj(c)["category_id"].(string), plaidtest.Obj(c)["group"].(string), plaidtest.List(plaidtest.Obj(c)["hierarchy"])
		if len(id) != 8 || id <= prev || len(h) == 0 || len(h) > 3 || (g != "place" && g != "special" && g != "digital") {
			t.Fatalf("bad or unordered category %v after %s", c, prev)
		}
		prev = id
		byID[id] = h
		parent := ""
		switch {
		case id[2:] == "000000":
			tops[h[0].(string)] = true
		case id[5:] == "000":
			parent = id[:2] + "000000"
		default:
			parent = id[:5] + "000"
		}
		if parent == "" {
			if len(h) != 1 {
				t.Fatalf("top-level %s has hierarchy %v", id, h)
			}
			continue
		}
		ph, ok := byID[parent]
		if !ok || len(h) != len(ph)+1 || string(plaidtest.MustJSON(h[:len(ph)])) != string(plaidtest.MustJSON(ph)) {
			t.Fatalf("%s %v does not extend its parent %s %v", id, h, parent, ph)
		}
	}
	if len(tops) != 13 {
		t.Fatalf("%d top-level categories, want 13: %v", len(tops), tops)
	}
	for id, want := range map[string]string{
		"10000000": `["Bank Fees"]`,
		"12015003": `["Community","Organizations and Associations","Charities and Non-Profits"]`,
		"13005059": `["Food and Drink","Restaurants","Afghan"]`,
		"18001001": `["Service","Advertising and Marketing","Writing, Copywriting and Technical Writing"]`,
		"19012006": `["Shops","Clothing and Accessories","Kids' Store"]`,
		"21010001": `["Transfer","Third Party","Venmo"]`,
		"21012002": `["Transfer","Withdrawal","ATM"]`,
		"22018000": `["Travel","Transportation Centers"]`,
	} {
		if got := string(plaidtest.MustJSON(byID[id])); got != want {
			t.Fatalf("%s = %s, want %s", id, got, want)
		}
	}
	for id, want := range map[string]string{"10000000": "special", "13005032": "place", "18050010": "special", "21000000": "special", "22001000": "place"} {
		for _, c := range cats {
			if plaidtest.Obj(c)["category_id"] == id && plaidtest.Obj(c)["group"] != want {
				t.Fatalf("%s group = %v, want %s", id, plaidtest.Obj(c)["group"], want)
			}
		}
	}
}
