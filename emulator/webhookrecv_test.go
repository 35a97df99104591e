package emulator_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/golang-jwt/jwt/v5"
)

// receiver is a real webhook endpoint that verifies every delivery the way
// Plaid tells integrators to: fetch the JWK by kid from
// /webhook_verification_key/get, verify ES256 with a standard JWT library
// (rejecting any other alg), check iat is within 5 minutes and the body's
// SHA-256 in constant time. It also checks each body against the spec's
// webhook schema.
type receiver struct {
	e    *env
	srv  *httptest.Server
	url  string
	mu   sync.Mutex
	got  []delivery
	acks map[string]int // webhook id → 2xx answers given
	keys map[string]*ecdsa.PublicKey
	// answer decides the status for the nth delivery attempt (from 1); nil: 200.
	answer func(n int) int
	n      int
	errs   []error
	// arrived is signalled (without blocking) after each acknowledged delivery.
	arrived chan struct{}
}

type delivery struct {
	id    string
	kid   string
	body  map[string]any
	raw   []byte
	typ   string
	code  string
	iat   time.Time
	valid bool
}

func newReceiver(e *env) *receiver {
	rv := &receiver{e: e, acks: map[string]int{}, keys: map[string]*ecdsa.PublicKey{}, arrived: make(chan struct{}, 1)}
	rv.srv = httptest.NewServer(rv)
	rv.url = rv.srv.URL + "/hook"
	e.tb.Cleanup(func() {
		rv.srv.Close()
		rv.mu.Lock()
		defer rv.mu.Unlock()
		for _, err := range rv.errs {
			e.tb.Errorf("webhook receiver: %v", err)
		}
	})
	return rv
}

func (rv *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	d, err := rv.verify(r, raw)
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if err != nil {
		rv.errs = append(rv.errs, err)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	rv.n++
	status := http.StatusOK
	if rv.answer != nil {
		status = rv.answer(rv.n)
	}
	if status < 300 {
		rv.acks[d.id]++
		rv.got = append(rv.got, d)
		select {
		case rv.arrived <- struct{}{}:
		default:
		}
	}
	w.WriteHeader(status)
}

func (rv *receiver) verify(r *http.Request, raw []byte) (delivery, error) {
	d := delivery{id: r.Header.Get("Plaid-Emulator-Webhook-Id"), raw: raw}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return d, fmt.Errorf("Content-Type %q", ct)
	}
	var claims jwt.MapClaims
	tok, err := jwt.ParseWithClaims(r.Header.Get("Plaid-Verification"), &claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		d.kid = kid
		return rv.key(kid)
	}, jwt.WithValidMethods([]string{"ES256"}), jwt.WithIssuedAt())
	if err != nil || !tok.Valid {
		return d, fmt.Errorf("JWT does not verify: %v", err)
	}
	if tok.Header["typ"] != "JWT" {
		return d, fmt.Errorf("JWT header typ = %v", tok.Header["typ"])
	}
	iat, err := claims.GetIssuedAt()
	if err != nil || iat == nil || time.Since(iat.Time) > 5*time.Minute {
		return d, fmt.Errorf("iat missing or older than 5 minutes: %v", iat)
	}
	d.iat = iat.Time
	sum := sha256.Sum256(raw)
	want, _ := claims["request_body_sha256"].(string)
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(want)) != 1 {
		return d, errors.New("request_body_sha256 does not match the body")
	}
	if err := json.Unmarshal(raw, &d.body); err != nil {
		return d, fmt.Errorf("body is not JSON: %v", err)
	}
	d.typ, _ = d.body["webhook_type"].(string)
	d.code, _ = d.body["webhook_code"].(string)
	if err := checkWebhookSchema(rv.e.spec.doc, d.typ, d.code, d.body); err != nil {
		return d, err
	}
	d.valid = true
	return d, nil
}

// key fetches (and caches) the JWK for kid from the emulator.
func (rv *receiver) key(kid string) (*ecdsa.PublicKey, error) {
	rv.mu.Lock()
	k, ok := rv.keys[kid]
	rv.mu.Unlock()
	if ok {
		return k, nil
	}
	body, _ := json.Marshal(map[string]string{"key_id": kid})
	req, _ := http.NewRequest(http.MethodPost, rv.e.url+"/webhook_verification_key/get", bytes.NewReader(body))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
	resp, err := rv.e.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Key struct {
			Alg, Crv, Kid, Kty, Use, X, Y string
		} `json:"key"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		return nil, fmt.Errorf("webhook_verification_key/get: %d %v", resp.StatusCode, err)
	}
	if out.Key.Alg != "ES256" || out.Key.Crv != "P-256" || out.Key.Kty != "EC" || out.Key.Kid != kid {
		return nil, fmt.Errorf("unexpected JWK %+v", out.Key)
	}
	x, _ := base64.RawURLEncoding.DecodeString(out.Key.X)
	y, _ := base64.RawURLEncoding.DecodeString(out.Key.Y)
	k, err = ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
	if err != nil {
		return nil, err
	}
	rv.mu.Lock()
	rv.keys[kid] = k
	rv.mu.Unlock()
	return k, nil
}

// deliveries returns what has been acknowledged so far.
func (rv *receiver) deliveries() []delivery {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return append([]delivery(nil), rv.got...)
}

// waitFor waits until the receiver has acknowledged a delivery with code.
func (rv *receiver) waitFor(tb testing.TB, code string) delivery {
	tb.Helper()
	return rv.waitForN(tb, code, 1)[0]
}

// waitForN waits until the receiver has acknowledged n deliveries with
// code, and returns them in the order they came.
func (rv *receiver) waitForN(tb testing.TB, code string, n int) []delivery {
	tb.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var got []delivery
		for _, d := range rv.deliveries() {
			if d.code == code {
				got = append(got, d)
			}
		}
		if len(got) >= n {
			return got
		}
		select {
		case <-rv.arrived:
		case <-time.After(time.Until(deadline)):
			tb.Fatalf("%d of %d %s webhooks acknowledged within 15 s; got %d others", len(got), n, code, len(rv.deliveries())-len(got))
		}
	}
}

// webhookSchemas names the spec schema for each webhook the emulator sends.
var webhookSchemas = map[string]string{
	"ITEM/ERROR":                                  "ItemErrorWebhook",
	"ITEM/LOGIN_REPAIRED":                         "ItemLoginRepairedWebhook",
	"ITEM/WEBHOOK_UPDATE_ACKNOWLEDGED":            "WebhookUpdateAcknowledgedWebhook",
	"PROCESSOR_TOKEN/WEBHOOK_UPDATE_ACKNOWLEDGED": "ProcessorTokenWebhookUpdate",
	"TRANSFER/TRANSFER_EVENTS_UPDATE":             "TransferEventsUpdateWebhook",
	"TRANSFER/RECURRING_NEW_TRANSFER":             "RecurringNewTransferWebhook",
	"TRANSFER/PLATFORM_ONBOARDING_UPDATE":         "TransferPlatformOnboardingUpdateWebhook",
	"TRANSFER/RECURRING_TRANSFER_SKIPPED":         "RecurringTransferSkippedWebhook",
	"ITEM/NEW_ACCOUNTS_AVAILABLE":                 "NewAccountsAvailableWebhook",
	"ITEM/USER_PERMISSION_REVOKED":                "UserPermissionRevokedWebhook",
	"ITEM/USER_ACCOUNT_REVOKED":                   "UserAccountRevokedWebhook",
	"ITEM/PENDING_DISCONNECT":                     "PendingDisconnectWebhook",
	"TRANSACTIONS/DEFAULT_UPDATE":                 "DefaultUpdateWebhook",
	"TRANSACTIONS/INITIAL_UPDATE":                 "InitialUpdateWebhook",
	"TRANSACTIONS/HISTORICAL_UPDATE":              "HistoricalUpdateWebhook",
	"TRANSACTIONS/TRANSACTIONS_REMOVED":           "TransactionsRemovedWebhook",
	"TRANSACTIONS/SYNC_UPDATES_AVAILABLE":         "SyncUpdatesAvailableWebhook",
	"TRANSACTIONS/RECURRING_TRANSACTIONS_UPDATE":  "RecurringTransactionsUpdateWebhook",
	"AUTH/DEFAULT_UPDATE":                         "AuthDefaultUpdateWebhook",
	"AUTH/AUTOMATICALLY_VERIFIED":                 "AutomaticallyVerifiedWebhook",
	"AUTH/VERIFICATION_EXPIRED":                   "VerificationExpiredWebhook",
	"HOLDINGS/DEFAULT_UPDATE":                     "HoldingsDefaultUpdateWebhook",
	"INVESTMENTS_TRANSACTIONS/DEFAULT_UPDATE":     "InvestmentsDefaultUpdateWebhook",
	"LIABILITIES/DEFAULT_UPDATE":                  "LiabilitiesDefaultUpdateWebhook",
	"STATEMENTS/STATEMENTS_REFRESH_COMPLETE":      "StatementsRefreshCompleteWebhook",
	"ASSETS/PRODUCT_READY":                        "AssetsProductReadyWebhook",
	"AUTH/SMS_MICRODEPOSITS_VERIFICATION":         "", // not in the spec
}

func checkWebhookSchema(doc *openapi3.T, typ, code string, body map[string]any) error {
	name, known := webhookSchemas[typ+"/"+code]
	if _, hasItem := body["item_id"]; !hasItem && body["account_id"] != nil && typ == "TRANSACTIONS" {
		name = "Processor" + name // the processor variant: account_id, no item_id
	}
	if !known {
		return fmt.Errorf("webhook %s/%s has no schema mapping in the test", typ, code)
	}
	if name == "" {
		return nil
	}
	ref := doc.Components.Schemas[name]
	if specFallback {
		return nil // plaid-go's older spec predates webhooks and renamed fields (canceled → cancelled)
	}
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("the spec has no schema %s", name)
	}
	if err := ref.Value.VisitJSON(body); err != nil {
		return fmt.Errorf("%s/%s body does not match %s: %v", typ, code, name, err)
	}
	return nil
}

// canonicalOK reports whether raw is exactly the 2-space, sorted-key
// rendering of its own content.
func canonicalOK(raw []byte) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
	return strings.TrimSuffix(buf.String(), "\n") == string(raw)
}
