package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestIdempotencyKeysAreClaimedOnce fires 32 calls per key, concurrently and
// requires exactly one id per key: for 200 authorization keys, and for
// transfers (by authorization), refunds, Ledger deposits and recurring
// transfers. A key looked up under one lock and stored under another gives
// two ids when two calls interleave.
func TestIdempotencyKeysAreClaimedOnce(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	authBody := func(key string) map[string]any {
		return map[string]any{"access_token": it.accessToken, "account_id": acct, "type": "debit", "network": "ach", "ach_class": "web",
			"amount": "11.11", "user": map[string]any{"legal_name": "A B"}, "idempotency_key": key}
	}
	auths := burst(t, e, 200, "/transfer/authorization/create", func(k int) any { return authBody(fmt.Sprintf("auth-%d", k)) }, "authorization", "id")

	transfers := burst(t, e, 20, "/transfer/create", func(k int) any {
		return map[string]any{"access_token": it.accessToken, "account_id": acct, "authorization_id": auths[k], "description": "x"}
	}, "transfer", "id")
	burst(t, e, 20, "/transfer/refund/create", func(k int) any {
		return map[string]any{"transfer_id": transfers[k], "amount": "1.00", "idempotency_key": fmt.Sprintf("refund-%d", k)}
	}, "refund", "id")
	burst(t, e, 20, "/transfer/ledger/deposit", func(k int) any {
		return map[string]any{"amount": "2.00", "network": "ach", "idempotency_key": fmt.Sprintf("deposit-%d", k)}
	}, "sweep", "id")
	burst(t, e, 20, "/transfer/recurring/create", func(k int) any {
		return map[string]any{"access_token": it.accessToken, "account_id": acct, "idempotency_key": fmt.Sprintf("rec-%d", k),
			"type": "debit", "network": "ach", "ach_class": "web", "amount": "2.00", "description": "weekly", "user": map[string]any{"legal_name": "A B"},
			"schedule": map[string]any{"interval_unit": "week", "interval_count": 1, "interval_execution_day": 1, "start_date": "2030-03-04"}}
	}, "recurring_transfer", "recurring_transfer_id")
}

// burst sends 32 calls of body(k) for each of keys keys, all at once (at
// most 256 in flight, each key's calls interleaved with the others'), and
// returns the one id each key got (obj.field of the answers).
func burst(t *testing.T, e *env, keys int, path string, body func(k int) any, objName, field string) []string {
	t.Helper()
	bodies := make([][]byte, keys)
	for k := range keys {
		bodies[k], _ = json.Marshal(body(k))
	}
	got := make([][32]string, keys)
	var wg sync.WaitGroup
	slots := make(chan struct{}, 256)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}} // no spec check: it would spread the calls out
	for k := range keys {
		for i := range 32 {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				req, _ := http.NewRequest(http.MethodPost, e.url+path, bytes.NewReader(bodies[k]))
				req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
				resp, err := hc.Do(req)
				if err != nil {
					got[k][i] = "error: " + err.Error()
					return
				}
				defer resp.Body.Close()
				var out map[string]any
				if json.NewDecoder(resp.Body).Decode(&out) != nil || resp.StatusCode != 200 {
					got[k][i] = fmt.Sprintf("error: status %d", resp.StatusCode)
					return
				}
				got[k][i], _ = obj(out[objName])[field].(string)
			}()
		}
	}
	wg.Wait()
	ids := make([]string, keys)
	for k := range keys {
		for _, id := range got[k] {
			if id != got[k][0] || id == "" || strings.HasPrefix(id, "error: ") {
				t.Fatalf("%s key %d: 32 calls got %v, want one id", path, k, got[k])
			}
		}
		ids[k] = got[k][0]
	}
	return ids
}
