package emulator_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"
)

var requestIDField = regexp.MustCompile(`"request_id":"[A-Za-z0-9]+"`)

// transcript runs a fixed sequence of calls and returns every response body
// with request_id blanked.
func transcript(t *testing.T, seed int64) [][]byte {
	e := newEnv(t, withSeed(seed), withFrozenClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)))
	var out [][]byte
	rec := func(r result) map[string]any {
		out = append(out, requestIDField.ReplaceAll(r.raw, []byte(`"request_id":""`)))
		return r.body
	}
	lt := rec(e.call("/link/token/create", map[string]any{"client_name": "A", "language": "en", "country_codes": []string{"US"},
		"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}}))
	rec(e.call("/link/token/get", map[string]any{"link_token": lt["link_token"]}))
	for _, user := range []string{"user_good", "user_custom", "user_yuppie"} {
		pw := "pass_good"
		if user == "user_custom" {
			pw = "{}"
		}
		pt := rec(e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"auth"},
			"options": map[string]any{"override_username": user, "override_password": pw}}))
		ex := rec(e.call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}))
		for _, p := range []string{"/accounts/get", "/accounts/balance/get", "/auth/get", "/identity/get", "/item/get"} {
			rec(e.call(p, map[string]any{"access_token": ex["access_token"]}))
		}
	}
	return out
}

func TestSameSeedSameResponses(t *testing.T) {
	a, b := transcript(t, 42), transcript(t, 42)
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("response %d differs between runs with one seed:\n%s\n%s", i, a[i], b[i])
		}
	}
	c := transcript(t, 43)
	if bytes.Equal(a[3], c[3]) {
		t.Fatalf("a different seed gave the same ids: %s", a[3])
	}
}
