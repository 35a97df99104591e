package emulator_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// Webhook URLs: only http and https with a host, at most 2,048 characters.
func TestWebhookURLsAreChecked(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	for _, u := range []string{"file:///etc/passwd", "gopher://example.com/x", "://", "http://", "http:///path", "mailto:a@b.c",
		"http://example.com/" + strings.Repeat("a", 200000)} {
		e.call("/item/webhook/update", map[string]any{"access_token": it.accessToken, "webhook": u}).
			plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		e.call("/link/token/create", map[string]any{"client_name": "x", "language": "en", "country_codes": []string{"US"},
			"user": map[string]any{"client_user_id": "u"}, "products": []string{"auth"}, "webhook": u}).
			plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	}
	e.call("/item/webhook/update", map[string]any{"access_token": it.accessToken, "webhook": "https://user:pass@example.com:8443/hook?x=1"}).ok(t)
}

// A receiver's redirect is a failed attempt, not followed: the signed body
// and its Plaid-Verification header never reach the other host.
func TestWebhookRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/stolen", http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 1, Delay: 1}))
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": redirecting.URL})
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).ok(t)
	hooks := e.waitWebhooks("webhook_code=NEW_ACCOUNTS_AVAILABLE&state=exhausted", 1)
	a := obj(list(hooks[0]["attempts"])[0])
	if a["status"] != float64(307) || !strings.Contains(a["error"].(string), "307") {
		t.Fatalf("attempt = %v, want a failed 307", a)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Fatalf("the redirect was followed %d times", n)
	}
}

// Link-local and cloud metadata targets are refused when the attempt
// connects, and credentials in a URL never reach the logs.
func TestWebhooksToMetadataAddressesAreRefused(t *testing.T) {
	var logs syncBuffer
	e := newEnv(t, withRetry(emulator.RetryPolicy{Attempts: 1, Delay: 1}), func(o *emulator.Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]:80/x", "http://metadata.google.internal/computeMetadata/v1/",
		"http://admin:hunter2@169.254.169.254/x"} {
		it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": u})
		e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).ok(t)
		hooks := e.waitWebhooks("item_id="+it.itemID+"&webhook_code=NEW_ACCOUNTS_AVAILABLE&state=exhausted", 1)
		a := obj(list(hooks[0]["attempts"])[0])
		if errText, _ := a["error"].(string); !strings.Contains(errText, "link-local") || strings.Contains(errText, "hunter2") {
			t.Fatalf("%s: attempt = %v, want it refused as link-local, without the password", u, a)
		}
	}
	if strings.Contains(logs.String(), "hunter2") {
		t.Fatal("a webhook URL's password reached the log")
	}
}

// syncBuffer is a bytes.Buffer safe for the logger's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
