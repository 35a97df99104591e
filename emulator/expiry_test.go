package emulator_test

import (
	"net/http"
	"testing"
	"time"
)

// Link tokens a day past their expiry are removed as new ones are made (so
// a long run does not keep every token); a recently expired one can still
// be read with /link/token/get.
func TestOldLinkTokensAreRemoved(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	old := e.linkToken(map[string]any{"products": []string{"auth"}})
	advance := func(d string) {
		t.Helper()
		if r := e.do(http.MethodPost, "/_emulator/clock", http.Header{"Content-Type": {"application/json"}}, map[string]any{"advance": d}); r.status != 200 {
			t.Fatalf("clock: %d %s", r.status, r.raw)
		}
	}
	advance("24h")
	recent := e.linkToken(map[string]any{"products": []string{"auth"}})
	advance("5h") // old: 25 h past expiry; recent: 1 h past
	for range 256 {
		e.linkToken(map[string]any{"products": []string{"auth"}})
	}
	e.call("/link/token/get", map[string]any{"link_token": old}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_LINK_TOKEN")
	e.call("/link/token/get", map[string]any{"link_token": recent}).ok(t)
}
