package emulator

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// A panic inside a handler becomes Plaid's 500 INTERNAL_SERVER_ERROR, with
// the detail in the log and none of it in the response.
func TestPanicBecomesInternalServerError(t *testing.T) {
	var logs bytes.Buffer
	s, err := New(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ep := product.Op("/item/get", func(c *product.Call, req *product.AccessTokenRequest) (any, *wire.Error) {
		panic("secret detail 1234")
	})
	h := endpointHandler{s, &ep}
	req := httptest.NewRequest(http.MethodPost, "/item/get", strings.NewReader(`{"access_token":"x"}`))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"a"}, "Plaid-Secret": {"b"}}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("body is not JSON: %s", w.Body.String())
	}
	if w.Code != 500 || body["error_type"] != "API_ERROR" || body["error_code"] != "INTERNAL_SERVER_ERROR" || body["error_message"] != "an unexpected error occurred" {
		t.Fatalf("got %d %s", w.Code, w.Body.String())
	}
	if strings.Contains(w.Body.String(), "secret detail") {
		t.Fatal("panic detail leaked into the response")
	}
	if !strings.Contains(logs.String(), "secret detail 1234") || !strings.Contains(logs.String(), body["request_id"].(string)) {
		t.Fatalf("panic not logged with its request_id: %s", logs.String())
	}
}
