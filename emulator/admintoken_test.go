package emulator_test

import (
	"net/http"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// With an admin token, /_emulator/* answers 401 without it (health and
// Link's own routes aside), and Plaid's paths are untouched.
func TestAdminTokenGuardsEmulatorRoutes(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.AdminToken = "s3cret" })
	for _, c := range []struct{ method, path string }{
		{http.MethodPost, "/_emulator/reset"}, {http.MethodGet, "/_emulator/webhooks"}, {http.MethodGet, "/_emulator/clock"},
		{http.MethodGet, "/_emulator/requests"}, {http.MethodGet, "/_emulator/scenarios"}, {http.MethodGet, "/_emulator//health"},
	} {
		if r := e.do(c.method, c.path, http.Header{}, nil); r.status != 401 {
			t.Errorf("%s %s without the token: %d", c.method, c.path, r.status)
		}
		if r := e.do(c.method, c.path, http.Header{"Authorization": {"Bearer wrong"}}, nil); r.status != 401 {
			t.Errorf("%s %s with a wrong token: %d", c.method, c.path, r.status)
		}
	}
	if r := e.do(http.MethodGet, "/_emulator/clock", http.Header{"Authorization": {"Bearer s3cret"}}, nil); r.status != 200 {
		t.Fatalf("with the token: %d %s", r.status, r.raw)
	}
	if r := e.do(http.MethodGet, "/_emulator/health", http.Header{}, nil); r.status != 200 {
		t.Fatalf("health needs no token: %d", r.status)
	}
	it := e.link("ins_109508", []string{"auth"}, nil) // Plaid's paths and headless Link need none
	e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)
}
