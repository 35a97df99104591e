package emulator_test

import (
	"net/http"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

var (
	idPattern     = plaidtest.IDPattern
	uuidPart      = plaidtest.UUIDPart
	linkPattern   = plaidtest.LinkPattern
	publicPattern = plaidtest.PublicPattern
	accessPattern = plaidtest.AccessPattern
)

func TestHealthAndReset(t *testing.T) {
	e := newEnv(t)
	h := e.do(http.MethodGet, "/_emulator/health", http.Header{}, nil)
	if h.status != 200 || h.body["status"] != "ok" || h.body["version"] == "" {
		t.Fatalf("health = %d %s", h.status, h.raw)
	}
	it := e.link("ins_109508", []string{"auth"}, nil)
	if r := e.do(http.MethodPost, "/_emulator/reset", http.Header{}, nil); r.status != 200 {
		t.Fatalf("reset = %d %s", r.status, r.raw)
	}
	e.call("/item/get", map[string]any{"access_token": it.accessToken}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
}
