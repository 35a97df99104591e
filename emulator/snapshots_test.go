package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// snapshotWorld makes what a suite's baseline holds: an Item with
// Transactions and Auth, a transfer with an event, a webhook delivered.
// It returns the ids it was answered.
func snapshotWorld(t *testing.T, e *env, rv *receiver) (it item, transferID string, ids []string) {
	it = e.link("ins_109508", []string{"transactions", "auth"}, map[string]any{"webhook": rv.url})
	acct := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"].(string)
	au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "3.00", "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])["id"].(string)
	transferID = obj(e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "authorization_id": au,
		"description": "x"}).ok(t)["transfer"])["id"].(string)
	e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": transferID, "event_type": "posted"}).ok(t)
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).ok(t)
	hooks := list(e.do(http.MethodGet, "/_emulator/webhooks?webhook_code=NEW_ACCOUNTS_AVAILABLE&item_id="+it.itemID, http.Header{}, nil).body["webhooks"])
	if len(hooks) != 1 {
		t.Fatalf("%d NEW_ACCOUNTS_AVAILABLE webhooks for the new Item", len(hooks))
	}
	ids = []string{it.itemID, it.accessToken, acct, au, transferID, obj(hooks[0])["id"].(string)}
	for _, ev := range list(e.call("/transfer/event/list", map[string]any{"transfer_id": transferID}).ok(t)["transfer_events"]) {
		ids = append(ids, fmt.Sprint(obj(ev)["event_id"]))
	}
	return it, transferID, ids
}

// TestSnapshotRestoreGivesTheSameAnswers: snapshot, change everything,
// restore: every read answers byte for byte as before, what was made
// after the snapshot is gone, and what is made after the restore never
// gets an id answered before (under a seed, where a rewound id source
// would repeat them exactly).
func TestSnapshotRestoreGivesTheSameAnswers(t *testing.T) {
	e := newEnv(t, withSeed(11), withFrozenClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)))
	rv := newReceiver(e)
	it, tr, _ := snapshotWorld(t, e, rv)
	reads := func() map[string]string {
		out := map[string]string{}
		for path, body := range map[string]map[string]any{
			"/accounts/get":        {"access_token": it.accessToken},
			"/item/get":            {"access_token": it.accessToken},
			"/transactions/sync":   {"access_token": it.accessToken},
			"/transactions/get":    {"access_token": it.accessToken, "start_date": "2025-01-01", "end_date": "2026-12-31"},
			"/transfer/get":        {"transfer_id": tr},
			"/transfer/event/list": {},
			"/auth/get":            {"access_token": it.accessToken},
		} {
			m := e.call(path, body).ok(t)
			delete(m, "request_id")
			b, _ := json.Marshal(m)
			out[path] = string(b)
		}
		out["clock"] = string(e.do(http.MethodGet, "/_emulator/clock", http.Header{}, nil).raw)
		return out
	}
	before := reads()
	if r := e.do(http.MethodPost, "/_emulator/snapshots", jsonHeader, map[string]any{"name": "base"}); r.status != 200 || r.body["items"] != 1.0 {
		t.Fatalf("save: %d %s", r.status, r.raw)
	}

	// The changes: a second world, a refresh, a login reset, a day later.
	_, _, between := snapshotWorld(t, e, rv)
	e.call("/transactions/refresh", map[string]any{"access_token": it.accessToken}).ok(t)
	e.call("/sandbox/item/reset_login", map[string]any{"access_token": it.accessToken}).ok(t)
	e.do(http.MethodPost, "/_emulator/clock", jsonHeader, map[string]any{"advance": "24h"})

	if r := e.do(http.MethodPost, "/_emulator/snapshots/base/restore", jsonHeader, nil); r.status != 200 {
		t.Fatalf("restore: %d %s", r.status, r.raw)
	}
	after := reads()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s after the restore:\n%s\nbefore the snapshot:\n%s", k, after[k], v)
		}
	}
	e.call("/accounts/get", map[string]any{"access_token": between[1]}).plaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")

	// The same calls again: under the seed they would draw the same ids
	// from a rewound source. None may repeat one answered before.
	_, _, again := snapshotWorld(t, e, rv)
	for _, id := range again[:6] {
		if slices.Contains(between, id) {
			t.Errorf("id %s was answered before the restore and again after it", id)
		}
	}
	if len(again) < 8 {
		t.Fatalf("the transfer has %d events, want 2", len(again)-6)
	}
	for _, id := range again[6:] { // a transfer event_id answered twice: a client paging with after_id would miss events
		if slices.Contains(between[6:], id) {
			t.Errorf("transfer event %s answered before the restore and again after it", id)
		}
	}
}

// TestSnapshotsAnswerBadInputInWords: the names, the missing ones, the
// bound on how many are kept.
func TestSnapshotsAnswerBadInputInWords(t *testing.T) {
	e := newEnv(t)
	for _, body := range []any{[]byte(`{}`), []byte(`{"name": 3}`), []byte(`{"nam":"x"}`), []byte(`nope`),
		map[string]any{"name": ""}, map[string]any{"name": "../x"}, map[string]any{"name": "a b"}} {
		r := e.do(http.MethodPost, "/_emulator/snapshots", jsonHeader, body)
		if r.status != 400 || r.body["error"] == nil {
			t.Errorf("save %v: %d %s", body, r.status, r.raw)
		}
	}
	for _, r := range []result{
		e.do(http.MethodPost, "/_emulator/snapshots/nope/restore", jsonHeader, nil),
		e.do(http.MethodDelete, "/_emulator/snapshots/nope", jsonHeader, nil),
	} {
		if r.status != 404 || r.body["error"] == nil {
			t.Errorf("an unknown snapshot: %d %s", r.status, r.raw)
		}
	}
	for i := range emulator.MaxSnapshots {
		if _, err := e.srv.SaveSnapshot(fmt.Sprintf("s%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if r := e.do(http.MethodPost, "/_emulator/snapshots", jsonHeader, map[string]any{"name": "one-more"}); r.status != 400 {
		t.Errorf("snapshot %d: %d %s", emulator.MaxSnapshots+1, r.status, r.raw)
	}
	if r := e.do(http.MethodPost, "/_emulator/snapshots", jsonHeader, map[string]any{"name": "s0"}); r.status != 200 {
		t.Errorf("replacing a snapshot at the bound: %d %s", r.status, r.raw)
	}
	if n := len(list(e.do(http.MethodGet, "/_emulator/snapshots", http.Header{}, nil).body["snapshots"])); n != emulator.MaxSnapshots {
		t.Errorf("%d snapshots listed", n)
	}
}

// TestSnapshotsOutliveARestart: under --state a snapshot is in the
// database; after a restart it is listed and restores.
func TestSnapshotsOutliveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	srv, err := emulator.New(emulator.Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	pt := serveOK(t, h, "/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"]}`)
	at := field(serveOK(t, h, "/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`), "access_token")
	if _, err := srv.SaveSnapshot("base"); err != nil {
		t.Fatal(err)
	}
	serveOK(t, h, "/item/remove", `{"access_token":"`+at+`"}`)
	again := restartWithState(t, srv, path)
	if l := again.Snapshots(); len(l) != 1 || l[0].Name != "base" || l[0].Items != 1 {
		t.Fatalf("snapshots after a restart: %+v", l)
	}
	if _, err := again.RestoreSnapshot("base"); err != nil {
		t.Fatal(err)
	}
	serveOK(t, again.Handler(), "/accounts/get", `{"access_token":"`+at+`"}`)
	if err := again.DeleteSnapshot("base"); err != nil {
		t.Fatal(err)
	}
}

// restartWithState closes srv and starts a Server again on the same --state
// file, closed when the test ends.
func restartWithState(t *testing.T, srv *emulator.Server, path string) *emulator.Server {
	t.Helper()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := emulator.New(emulator.Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}
