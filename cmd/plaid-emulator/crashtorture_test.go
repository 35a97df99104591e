package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestCrashTorture: two clients link Items, page through their
// transactions, fire webhooks and make Plaid users with Bank Income
// reports against the binary with --state, which is
// killed with SIGKILL at a random moment, restarted, checked and loaded
// again, round after round. After every restart each write that was
// answered 200 before the kill must be there: access tokens answer, public
// tokens still exchange, cursors still page, webhooks the log listed are
// still listed, reports are still read; and no id answered to anyone
// (request, public token, access token, Item, account, transaction,
// webhook, user, report) is ever answered
// again for something else. PLAID_EMULATOR_CRASH_ROUNDS sets the rounds
// (default 10, about 20 s).
func TestCrashTorture(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the binary for ~20 s; runs without -short (and in CI)")
	}
	rounds := 10
	if n, err := strconv.Atoi(os.Getenv("PLAID_EMULATOR_CRASH_ROUNDS")); err == nil && n > 0 {
		rounds = min(n, 200)
	}
	bin := buildBinary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }))
	defer hooks.Close()
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill moments from seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	led := newLedger()
	for round := range rounds {
		cmd, url := startBinary(t, bin, "--state", state, instant)
		if round > 0 {
			led.verify(t, url, round)
		}
		killAfter := time.Duration(300+rng.IntN(900)) * time.Millisecond
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w, client := range []string{"client-a", "client-b"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				led.write(url, client, hooks.URL, uint64(round*2+w), stop)
			}()
		}
		time.Sleep(killAfter) // the random moment of the kill is the point, not a wait for a condition
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		close(stop)
		wg.Wait()
	}
	cmd, url := startBinary(t, bin, "--state", state, instant)
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	led.verify(t, url, rounds)
	lost, reissued := led.figures()
	t.Logf("%d rounds: %d acknowledged writes checked after restarts (%d Bank Income reports), lost %d; %d ids answered, reissued %d",
		rounds, led.checked, len(led.reports), lost, len(led.owner), reissued)
	if len(led.reports) == 0 {
		t.Fatal("no Bank Income report was made: the torture did not reach Income")
	}
	if lost+reissued > 0 {
		t.Fatalf("acknowledged writes lost = %d, ids reissued = %d", lost, reissued)
	}
}

// ledger is what the writers were answered, and what a restart must keep.
type ledger struct {
	mu       sync.Mutex
	owner    map[string]string // every id answered → what it names
	reissued []string
	lost     []string
	checked  int
	access   map[string]acct   // access token → its Item
	public   map[string]string // unexchanged public token → client
	doubt    map[string]bool   // public tokens whose exchange got no answer
	cursors  []cursorAt
	hooks    map[string]string // webhook id → client
	reports  map[string]acct   // Bank Income report id → its Plaid user (itemID: the user id)
}

type acct struct{ client, itemID string }
type cursorAt struct{ client, token, cursor string }

func newLedger() *ledger {
	return &ledger{owner: map[string]string{}, access: map[string]acct{}, public: map[string]string{},
		doubt: map[string]bool{}, hooks: map[string]string{}, reports: map[string]acct{}}
}

// own notes that id names what; an id already naming something else was
// reissued.
func (l *ledger) own(kind, id, what string) {
	if id == "" {
		return
	}
	k := kind + " " + id
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev, ok := l.owner[k]; ok && prev != what {
		l.reissued = append(l.reissued, fmt.Sprintf("%s for %s, then for %s", k, prev, what))
		return
	}
	l.owner[k] = what
}

// call posts body as client; ok is false for anything but an answered 200.
func (l *ledger) call(url, client, path, body string) (map[string]any, bool) {
	req, _ := http.NewRequest(http.MethodPost, url+path, bytes.NewReader([]byte(body)))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {client}, "Plaid-Secret": {"secret"}}
	resp, err := crashClient.Do(req)
	if err != nil {
		return nil, false
	}
	defer resp.Body.Close()
	var out map[string]any
	if json.NewDecoder(resp.Body).Decode(&out) != nil {
		return nil, false
	}
	if rid, _ := out["request_id"].(string); rid != "" {
		l.own("request_id", rid, rid) // each answer's own
	}
	return out, resp.StatusCode/100 == 2 // /user/create makes a user with 201
}

var crashClient = &http.Client{Timeout: 5 * time.Second}

// write links Items, syncs and fires webhooks until stop (or the kill).
func (l *ledger) write(url, client, hookURL string, seed uint64, stop <-chan struct{}) {
	rng := rand.New(rand.NewPCG(seed, 11))
	for i := 0; i < 10000; i++ {
		select {
		case <-stop:
			return
		default:
		}
		pt, ok := l.call(url, client, "/sandbox/public_token/create",
			`{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"webhook":"`+hookURL+`"}}`)
		if !ok {
			continue
		}
		tok, _ := pt["public_token"].(string)
		l.own("public_token", tok, client)
		if rng.IntN(3) == 0 { // kept for after the restart
			l.mu.Lock()
			l.public[tok] = client
			l.mu.Unlock()
			continue
		}
		at := l.exchange(url, client, tok)
		if at == "" {
			continue
		}
		l.sync(url, client, at)
		if rng.IntN(2) == 0 {
			l.call(url, client, "/sandbox/item/fire_webhook", `{"access_token":"`+at+`","webhook_code":"DEFAULT_UPDATE"}`)
		}
		l.listHooks(url, client, at)
		if rng.IntN(4) == 0 {
			l.income(url, client, fmt.Sprintf("u-%d-%d", seed, i))
		}
	}
}

// income makes a Plaid user with a Bank Income Item and notes its report.
func (l *ledger) income(url, client, name string) {
	u, ok := l.call(url, client, "/user/create", `{"client_user_id":"`+name+`"}`)
	uid, _ := u["user_id"].(string)
	if !ok || uid == "" {
		return
	}
	l.own("user_id", uid, client+" "+name)
	if _, ok := l.call(url, client, "/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["income_verification"],"user_id":"`+uid+`",
		"options":{"override_username":"user_bank_income","override_password":"{}","income_verification":{"income_source_types":["bank"]}}}`); !ok {
		return
	}
	got, ok := l.call(url, client, "/credit/bank_income/get", `{"user_id":"`+uid+`"}`)
	if !ok {
		return
	}
	for _, r := range list(got["bank_income"]) {
		id := str(r, "bank_income_id")
		l.own("bank_income_id", id, uid)
		l.mu.Lock()
		l.reports[id] = acct{client, uid}
		l.mu.Unlock()
	}
}

// exchange exchanges tok and notes the access token and Item ("" when not answered).
func (l *ledger) exchange(url, client, tok string) string {
	ex, ok := l.call(url, client, "/item/public_token/exchange", `{"public_token":"`+tok+`"}`)
	if !ok {
		if ex == nil { // no answer: the exchange may or may not have happened
			l.mu.Lock()
			l.doubt[tok] = true
			l.mu.Unlock()
		}
		return ""
	}
	at, _ := ex["access_token"].(string)
	itemID, _ := ex["item_id"].(string)
	l.own("access_token", at, itemID)
	l.own("item_id", itemID, tok)
	l.mu.Lock()
	l.access[at] = acct{client, itemID}
	l.mu.Unlock()
	return at
}

// sync pages once and notes the cursor, the accounts and transactions.
func (l *ledger) sync(url, client, at string) {
	page, ok := l.call(url, client, "/transactions/sync", `{"access_token":"`+at+`","count":25}`)
	if !ok {
		return
	}
	itemID := l.itemOf(at)
	for _, a := range list(page["accounts"]) {
		l.own("account_id", str(a, "account_id"), itemID)
	}
	for _, tx := range list(page["added"]) {
		l.own("transaction_id", str(tx, "transaction_id"), itemID)
	}
	if c, _ := page["next_cursor"].(string); c != "" {
		l.mu.Lock()
		l.cursors = append(l.cursors, cursorAt{client, at, c})
		l.mu.Unlock()
	}
}

// listHooks notes the webhooks the log lists for the Item.
func (l *ledger) listHooks(url, client, at string) {
	itemID := l.itemOf(at)
	resp, err := crashClient.Get(url + "/_emulator/webhooks?item_id=" + itemID)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	var out struct {
		Webhooks []map[string]any `json:"webhooks"`
	}
	if json.NewDecoder(resp.Body).Decode(&out) != nil || resp.StatusCode != 200 {
		return
	}
	for _, w := range out.Webhooks {
		id, _ := w["id"].(string)
		l.own("webhook_id", id, fmt.Sprint(w["item_id"], " ", w["webhook_code"], " ", w["created_at"], " ", w["body"]))
		l.mu.Lock()
		l.hooks[id] = itemID
		l.mu.Unlock()
	}
}

func (l *ledger) itemOf(at string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.access[at].itemID
}

// verify checks, on the restarted binary, every write answered so far.
func (l *ledger) verify(t *testing.T, url string, round int) {
	t.Helper()
	l.mu.Lock()
	access := make(map[string]acct, len(l.access))
	for k, v := range l.access {
		access[k] = v
	}
	public := l.public
	l.public = map[string]string{}
	cursors := l.cursors
	l.cursors = nil
	hooks := l.hooks
	reports := make(map[string]acct, len(l.reports))
	for k, v := range l.reports {
		reports[k] = v
	}
	l.mu.Unlock()
	lose := func(what string) {
		l.mu.Lock()
		l.lost = append(l.lost, fmt.Sprintf("round %d: %s", round, what))
		l.mu.Unlock()
	}
	for at, a := range access {
		got, ok := l.call(url, a.client, "/accounts/get", `{"access_token":"`+at+`"}`)
		if !ok || str(got["item"], "item_id") != a.itemID {
			lose("access token " + at)
		}
		l.checked++
	}
	for tok, client := range public {
		l.checked++
		if l.doubt[tok] {
			continue
		}
		if l.exchange(url, client, tok) == "" {
			lose("public token " + tok)
		}
	}
	for id, r := range reports {
		l.checked++
		got, ok := l.call(url, r.client, "/credit/bank_income/get", `{"user_id":"`+r.itemID+`","options":{"count":20}}`)
		if !ok || !slices.ContainsFunc(list(got["bank_income"]), func(b any) bool { return str(b, "bank_income_id") == id }) {
			lose("bank income report " + id)
		}
	}
	for _, c := range cursors {
		l.checked++
		if _, ok := l.call(url, c.client, "/transactions/sync", `{"access_token":"`+c.token+`","cursor":"`+c.cursor+`","count":25}`); !ok {
			lose("cursor of " + c.token)
		}
	}
	resp, err := crashClient.Get(url + "/_emulator/webhooks")
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Webhooks []map[string]any `json:"webhooks"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	listed := map[string]bool{}
	for _, w := range out.Webhooks {
		id, _ := w["id"].(string)
		listed[id] = true
		l.own("webhook_id", id, fmt.Sprint(w["item_id"], " ", w["webhook_code"], " ", w["created_at"], " ", w["body"]))
	}
	for id := range hooks {
		l.checked++
		if !listed[id] {
			lose("webhook " + id)
		}
	}
}

func (l *ledger) figures() (lost, reissued int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, s := range l.lost {
		if i < 5 {
			fmt.Fprintln(os.Stderr, "lost:", s)
		}
	}
	for i, s := range l.reissued {
		if i < 5 {
			fmt.Fprintln(os.Stderr, "reissued:", s)
		}
	}
	return len(l.lost), len(l.reissued)
}

func list(v any) []any { l, _ := v.([]any); return l }

func str(v any, key string) string {
	m, _ := v.(map[string]any)
	s, _ := m[key].(string)
	return s
}
