package plaidtest

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
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/golang-jwt/jwt/v5"
)

// Receiver is a real webhook endpoint that verifies every delivery the way
// Plaid tells integrators to: fetch the JWK by kid from
// /webhook_verification_key/get, verify ES256 with a standard JWT library
// (rejecting any other alg), check iat is within 5 minutes and the body's
// SHA-256 in constant time. It also checks each body against the spec's
// webhook schema.
type Receiver struct {
	e    *Env
	Srv  *httptest.Server
	URL  string // where to send webhooks
	mu   sync.Mutex
	got  []Delivery
	acks map[string]int // webhook id → 2xx answers given
	keys map[string]*ecdsa.PublicKey
	// Answer decides the status for the nth delivery attempt (from 1); nil: 200.
	// Set it before the first delivery.
	Answer func(n int) int
	n      int
	errs   []error
	// arrived is signalled (without blocking) after each acknowledged delivery.
	arrived chan struct{}
}

// Delivery is one acknowledged webhook: its emulator id, signing key id,
// body (decoded and as sent), type, code, JWT issue time, and whether it
// verified.
type Delivery struct {
	ID    string
	KID   string
	Body  map[string]any
	Raw   []byte
	Type  string
	Code  string
	IAT   time.Time
	Valid bool
}

// NewReceiver starts a receiver for e's emulator, closed when the test ends
// (failing it with any delivery that did not verify).
func NewReceiver(e *Env) *Receiver {
	rv := &Receiver{e: e, acks: map[string]int{}, keys: map[string]*ecdsa.PublicKey{}, arrived: make(chan struct{}, 1)}
	rv.Srv = httptest.NewServer(rv)
	rv.URL = rv.Srv.URL + "/hook"
	e.TB.Cleanup(func() {
		rv.Srv.Close()
		rv.mu.Lock()
		defer rv.mu.Unlock()
		for _, err := range rv.errs {
			e.TB.Errorf("webhook receiver: %v", err)
		}
	})
	return rv
}

// ServeHTTP verifies and acknowledges one delivery.
func (rv *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	if rv.Answer != nil {
		status = rv.Answer(rv.n)
	}
	if status < 300 {
		rv.acks[d.ID]++
		rv.got = append(rv.got, d)
		select {
		case rv.arrived <- struct{}{}:
		default:
		}
	}
	w.WriteHeader(status)
}

func (rv *Receiver) verify(r *http.Request, raw []byte) (Delivery, error) {
	d := Delivery{ID: r.Header.Get("Plaid-Emulator-Webhook-Id"), Raw: raw}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return d, fmt.Errorf("Content-Type %q", ct)
	}
	var claims jwt.MapClaims
	tok, err := jwt.ParseWithClaims(r.Header.Get("Plaid-Verification"), &claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		d.KID = kid
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
	d.IAT = iat.Time
	sum := sha256.Sum256(raw)
	want, _ := claims["request_body_sha256"].(string)
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(want)) != 1 {
		return d, errors.New("request_body_sha256 does not match the body")
	}
	if err := json.Unmarshal(raw, &d.Body); err != nil {
		return d, fmt.Errorf("body is not JSON: %v", err)
	}
	d.Type, _ = d.Body["webhook_type"].(string)
	d.Code, _ = d.Body["webhook_code"].(string)
	if err := checkWebhookSchema(rv.e.Spec.doc, d.Type, d.Code, d.Body); err != nil {
		return d, err
	}
	d.Valid = true
	return d, nil
}

// key fetches (and caches) the JWK for kid from the emulator.
func (rv *Receiver) key(kid string) (*ecdsa.PublicKey, error) {
	var k *ecdsa.PublicKey
	var ok bool
	locked(&rv.mu, func() { k, ok = rv.keys[kid] })
	if ok {
		return k, nil
	}
	body, _ := json.Marshal(map[string]string{"key_id": kid})
	req, _ := http.NewRequest(http.MethodPost, rv.e.URL+"/webhook_verification_key/get", bytes.NewReader(body))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {ClientID}, "Plaid-Secret": {Secret}}
	resp, err := rv.e.Client.Do(req)
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
	locked(&rv.mu, func() { rv.keys[kid] = k })
	return k, nil
}

// Deliveries returns what has been acknowledged so far.
func (rv *Receiver) Deliveries() []Delivery {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return append([]Delivery(nil), rv.got...)
}

// Acks are the 2xx answers given, by webhook id.
func (rv *Receiver) Acks() map[string]int {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return maps.Clone(rv.acks)
}

// WaitFor waits until the receiver has acknowledged a delivery with code.
func (rv *Receiver) WaitFor(tb testing.TB, code string) Delivery {
	tb.Helper()
	return rv.WaitForN(tb, code, 1)[0]
}

// WaitForN waits until the receiver has acknowledged n deliveries with
// code, and returns them in the order they came.
func (rv *Receiver) WaitForN(tb testing.TB, code string, n int) []Delivery {
	tb.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var got []Delivery
		for _, d := range rv.Deliveries() {
			if d.Code == code {
				got = append(got, d)
			}
		}
		if len(got) >= n {
			return got
		}
		select {
		case <-rv.arrived:
		case <-time.After(time.Until(deadline)):
			tb.Fatalf("%d of %d %s webhooks acknowledged within 15 s; got %d others", len(got), n, code, len(rv.Deliveries())-len(got))
		}
	}
}

// webhookSchemas names the spec schema for each webhook the emulator sends.
var webhookSchemas = map[string]string{
	"ITEM/ERROR":                                          "ItemErrorWebhook",
	"ITEM/LOGIN_REPAIRED":                                 "ItemLoginRepairedWebhook",
	"ITEM/WEBHOOK_UPDATE_ACKNOWLEDGED":                    "WebhookUpdateAcknowledgedWebhook",
	"PROCESSOR_TOKEN/WEBHOOK_UPDATE_ACKNOWLEDGED":         "ProcessorTokenWebhookUpdate",
	"TRANSFER/TRANSFER_EVENTS_UPDATE":                     "TransferEventsUpdateWebhook",
	"BANK_TRANSFERS/BANK_TRANSFERS_EVENTS_UPDATE":         "BankTransfersEventsUpdateWebhook",
	"TRANSFER/RECURRING_NEW_TRANSFER":                     "RecurringNewTransferWebhook",
	"TRANSFER/PLATFORM_ONBOARDING_UPDATE":                 "TransferPlatformOnboardingUpdateWebhook",
	"TRANSFER/RECURRING_TRANSFER_SKIPPED":                 "RecurringTransferSkippedWebhook",
	"ITEM/NEW_ACCOUNTS_AVAILABLE":                         "NewAccountsAvailableWebhook",
	"ITEM/USER_PERMISSION_REVOKED":                        "UserPermissionRevokedWebhook",
	"ITEM/USER_ACCOUNT_REVOKED":                           "UserAccountRevokedWebhook",
	"ITEM/PENDING_DISCONNECT":                             "PendingDisconnectWebhook",
	"TRANSACTIONS/DEFAULT_UPDATE":                         "DefaultUpdateWebhook",
	"TRANSACTIONS/INITIAL_UPDATE":                         "InitialUpdateWebhook",
	"TRANSACTIONS/HISTORICAL_UPDATE":                      "HistoricalUpdateWebhook",
	"TRANSACTIONS/TRANSACTIONS_REMOVED":                   "TransactionsRemovedWebhook",
	"TRANSACTIONS/SYNC_UPDATES_AVAILABLE":                 "SyncUpdatesAvailableWebhook",
	"TRANSACTIONS/RECURRING_TRANSACTIONS_UPDATE":          "RecurringTransactionsUpdateWebhook",
	"AUTH/DEFAULT_UPDATE":                                 "AuthDefaultUpdateWebhook",
	"AUTH/AUTOMATICALLY_VERIFIED":                         "AutomaticallyVerifiedWebhook",
	"AUTH/VERIFICATION_EXPIRED":                           "VerificationExpiredWebhook",
	"HOLDINGS/DEFAULT_UPDATE":                             "HoldingsDefaultUpdateWebhook",
	"INVESTMENTS_TRANSACTIONS/DEFAULT_UPDATE":             "InvestmentsDefaultUpdateWebhook",
	"LIABILITIES/DEFAULT_UPDATE":                          "LiabilitiesDefaultUpdateWebhook",
	"STATEMENTS/STATEMENTS_REFRESH_COMPLETE":              "StatementsRefreshCompleteWebhook",
	"ASSETS/PRODUCT_READY":                                "AssetsProductReadyWebhook",
	"CASH_FLOW_UPDATES/CASH_FLOW_INSIGHTS_UPDATED":        "CashFlowUpdatesInsightsV2Webhook",
	"CASH_FLOW_UPDATES/INSIGHTS_UPDATED":                  "CashFlowUpdatesInsightsWebhook",
	"CASH_FLOW_UPDATES/LARGE_DEPOSIT_DETECTED":            "CashFlowUpdatesLargeDepositWebhook",
	"CASH_FLOW_UPDATES/LOW_BALANCE_DETECTED":              "CashFlowUpdatesLowBalanceWebhook",
	"CASH_FLOW_UPDATES/NEW_LOAN_PAYMENT_DETECTED":         "CashFlowUpdatesNewLoanPaymentWebhook",
	"CASH_FLOW_UPDATES/NSF_OVERDRAFT_DETECTED":            "CashFlowUpdatesNSFWebhook",
	"CHECK_REPORT/CHECK_REPORT_READY":                     "CraCheckReportReadyWebhook",
	"CHECK_REPORT/CHECK_REPORT_FAILED":                    "CraCheckReportFailedWebhook",
	"CHECK_REPORT/USER_CHECK_REPORT_READY":                "CraUserCheckReportReadyWebhook",
	"CHECK_REPORT/USER_CHECK_REPORT_FAILED":               "CraUserCheckReportFailedWebhook",
	"CHECK_REPORT/UPGRADE_FAILED":                         "CraUpgradeFailedWebhook",
	"IDENTITY_VERIFICATION/STATUS_UPDATED":                "IdentityVerificationStatusUpdatedWebhook",
	"IDENTITY_VERIFICATION/STEP_UPDATED":                  "IdentityVerificationStepUpdatedWebhook",
	"IDENTITY_VERIFICATION/RETRIED":                       "IdentityVerificationRetriedWebhook",
	"SCREENING/STATUS_UPDATED":                            "ScreeningStatusUpdatedWebhook",
	"ENTITY_SCREENING/STATUS_UPDATED":                     "EntityScreeningStatusUpdatedWebhook",
	"INCOME/BANK_INCOME_REFRESH_COMPLETE":                 "BankIncomeRefreshCompleteWebhook",
	"INCOME/INCOME_VERIFICATION":                          "IncomeVerificationStatusWebhook",
	"INCOME/INCOME_VERIFICATION_RISK_SIGNALS":             "IncomeVerificationRiskSignalsStatusWebhook",
	"INCOME/INCOME_VERIFICATION_REFRESH_RECONNECT_NEEDED": "IncomeVerificationRefreshReconnectNeededWebhook",
	// plaid-node 47's codes for users of the new user API: the same bodies.
	"INCOME/USER_INCOME_VERIFICATION":                          "IncomeVerificationStatusWebhook",
	"INCOME/USER_INCOME_VERIFICATION_RISK_SIGNALS":             "IncomeVerificationRiskSignalsStatusWebhook",
	"INCOME/USER_INCOME_VERIFICATION_REFRESH_RECONNECT_NEEDED": "IncomeVerificationRefreshReconnectNeededWebhook",
	"INCOME/BANK_INCOME_REFRESH_UPDATE":                        "BankIncomeRefreshUpdateWebhook",
	"AUTH/SMS_MICRODEPOSITS_VERIFICATION":                      "",                        // not in the spec
	"CRA_REPORT/CRA_REPORT_UPDATED":                            "CraReportUpdatedWebhook", // plaid-node 47's typings
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
	if ref == nil && !specFallback { // newer than the spec: plaid-node 47's typings are its schema
		return checkTyped(name, body)
	}
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
