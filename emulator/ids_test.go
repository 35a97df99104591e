package emulator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// idRun links user_good with Transactions and a webhook, syncs, and returns
// every id it was handed (tokens, item, accounts, transactions, webhooks)
// and the data it saw (account names and balances, transaction names and
// amounts), each sorted.
func idRun(t *testing.T, e *env, hookURL string) (ids, data []string) {
	t.Helper()
	lt := e.linkToken(map[string]any{"products": []string{"transactions"}})
	pt := e.call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"},
		"options": map[string]any{"webhook": hookURL}}).ok(t)
	ex := e.call("/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).ok(t)
	ids = append(ids, lt, pt["public_token"].(string), ex["access_token"].(string), ex["item_id"].(string))
	sync := e.call("/transactions/sync", map[string]any{"access_token": ex["access_token"], "count": 500}).ok(t)
	for _, a := range list(sync["accounts"]) {
		ids = append(ids, obj(a)["account_id"].(string))
		data = append(data, fmt.Sprintf("%v %v", obj(a)["name"], obj(a)["balances"]))
	}
	for _, r := range list(sync["added"]) {
		ids = append(ids, obj(r)["transaction_id"].(string))
		data = append(data, fmt.Sprintf("%v %v %v", obj(r)["name"], obj(r)["amount"], obj(r)["date"]))
	}
	hooks := e.do(http.MethodGet, "/_emulator/webhooks?item_id="+ex["item_id"].(string)+"&wait=5s", http.Header{}, nil)
	if hooks.status != 200 || len(list(hooks.body["webhooks"])) == 0 {
		t.Fatalf("webhooks: %d %s", hooks.status, hooks.raw)
	}
	for _, h := range list(hooks.body["webhooks"]) {
		ids = append(ids, obj(h)["id"].(string))
	}
	slices.Sort(ids)
	slices.Sort(data)
	return ids, data
}

func hookReceiver(t *testing.T) string {
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(rcv.Close)
	return rcv.URL
}

func sharedIDs(a, b []string) []string {
	var out []string
	for _, id := range a {
		if _, ok := slices.BinarySearch(b, id); ok {
			out = append(out, id)
		}
	}
	return out
}

// Without a seed, two runs (say, an emulator restarted under an app that
// kept its database) never hand out the same id, while the data they serve
// stays the fixtures' and the default seed's.
func TestRunsWithoutSeedShareNoIDs(t *testing.T) {
	clock := withFrozenClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	hook := hookReceiver(t)
	idsA, dataA := idRun(t, newEnv(t, clock), hook)
	idsB, dataB := idRun(t, newEnv(t, clock), hook)
	if len(idsA) < 20 {
		t.Fatalf("only %d ids seen", len(idsA))
	}
	if shared := sharedIDs(idsA, idsB); len(shared) > 0 {
		t.Fatalf("two runs without a seed handed out the same ids: %v", shared)
	}
	if !slices.Equal(dataA, dataB) {
		t.Fatalf("the data differs between runs:\n%v\n%v", dataA, dataB)
	}
}

// Within one run without a seed, a reset does not restart the ids.
func TestResetWithoutSeedRepeatsNoID(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)))
	hook := hookReceiver(t)
	before, _ := idRun(t, e, hook)
	if r := e.do(http.MethodPost, "/_emulator/reset", http.Header{}, nil); r.status != 200 {
		t.Fatalf("reset: %d %s", r.status, r.raw)
	}
	after, _ := idRun(t, e, hook)
	if shared := sharedIDs(before, after); len(shared) > 0 {
		t.Fatalf("ids handed out again after a reset: %v", shared)
	}
}

// With a seed, two runs hand out the same ids, webhook ids included.
func TestRunsWithSeedRepeatIDs(t *testing.T) {
	clock := withFrozenClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	hook := hookReceiver(t)
	idsA, dataA := idRun(t, newEnv(t, clock, withSeed(7)), hook)
	idsB, dataB := idRun(t, newEnv(t, clock, withSeed(7)), hook)
	if !slices.Equal(idsA, idsB) || !slices.Equal(dataA, dataB) {
		t.Fatalf("two runs with one seed differ:\n%v\n%v", idsA, idsB)
	}
}
