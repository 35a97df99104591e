package monitor_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

func setup(t *testing.T) (*plaidtest.Env, *plaidtest.Receiver) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	if r := e.Do("POST", "/_emulator/fixtures", jsonHeader, map[string]any{"clients": []any{
		map[string]any{"client_id": plaidtest.ClientID, "secret": plaidtest.Secret, "dashboard_webhook": rv.URL},
		map[string]any{"client_id": "other", "secret": "x"}}}); r.Status != 200 {
		t.Fatalf("fixtures: %d %s", r.Status, r.Raw)
	}
	return e, rv
}

func screen(t *testing.T, e *plaidtest.Env, name, dob, country string) map[string]any {
	terms := map[string]any{"watchlist_program_id": "prg_sandbox_default", "legal_name": name}
	if dob != "" {
		terms["date_of_birth"] = dob
	}
	if country != "" {
		terms["country"] = country
	}
	return e.Call("/watchlist_screening/individual/create", map[string]any{"search_terms": terms, "client_user_id": "cu-" + name}).OK(t)
}

// TestIndividualScreening: a documented Sandbox name hits (on both lists
// that carry it), with its data and analysis; Leslie Knope and the same
// name with another birth date are cleared; word order and a typo still
// hit under the default (balanced) sensitivity; review freezes hits, a
// status update sends STATUS_UPDATED and keeps the earlier version in
// the history; terms and status together are refused.
func TestIndividualScreening(t *testing.T) {
	e, rv := setup(t)
	kony := screen(t, e, "Joseph Kony", "1964-09-18", "CF")
	if kony["status"] != "pending_review" || plaidtest.Obj(kony["audit_trail"])["source"] != "api" {
		t.Fatalf("Joseph Kony: %v", kony)
	}
	hits := plaidtest.List(e.Call("/watchlist_screening/individual/hit/list", map[string]any{"watchlist_screening_id": kony["id"]}).OK(t)["watchlist_screening_hits"])
	var lists []string
	for _, h := range hits {
		hit := plaidtest.Obj(h)
		lists = append(lists, hit["list_code"].(string))
		an := plaidtest.Obj(hit["analysis"])
		if an["names"] != "match" || an["dates_of_birth"] != "match" || an["locations"] != "match" || hit["review_status"] != "pending_review" {
			t.Fatalf("hit analysis: %v", an)
		}
	}
	slices.Sort(lists)
	if !slices.Equal(lists, []string{"IZ_UNC", "US_SDN"}) {
		t.Fatalf("Kony's lists: %v", lists)
	}
	for _, clear := range [][3]string{{"Leslie Knope", "1975-01-18", "US"}, {"Joseph Kony", "1990-01-01", ""}} {
		if s := screen(t, e, clear[0], clear[1], clear[2]); s["status"] != "cleared" {
			t.Fatalf("%v: %v", clear, s["status"])
		}
	}
	for _, near := range []string{"Kony, Joseph", "Jozeph Kony", "Ermias Ghermay"} {
		if s := screen(t, e, near, "", ""); s["status"] != "pending_review" {
			t.Fatalf("%q should hit: %v", near, s["status"])
		}
	}
	first, second := plaidtest.Obj(hits[0])["id"], plaidtest.Obj(hits[1])["id"]
	rev := e.Call("/watchlist_screening/individual/review/create", map[string]any{"watchlist_screening_id": kony["id"],
		"confirmed_hits": []any{first}, "dismissed_hits": []any{second}, "comment": "same person"}).OK(t)
	if !slices.Equal(plaidtest.Strings(rev["confirmed_hits"]), []string{first.(string)}) {
		t.Fatalf("review: %v", rev)
	}
	e.Call("/watchlist_screening/individual/review/create", map[string]any{"watchlist_screening_id": kony["id"], "confirmed_hits": []any{"scrhit_nope"},
		"dismissed_hits": []any{}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	up := e.Call("/watchlist_screening/individual/update", map[string]any{"watchlist_screening_id": kony["id"], "status": "rejected",
		"assignee": "usr_sandbox_reviewer1"}).OK(t)
	if up["status"] != "rejected" || up["assignee"] != "usr_sandbox_reviewer1" {
		t.Fatalf("update: %v", up)
	}
	if w := rv.WaitFor(t, "STATUS_UPDATED"); w.Body["screening_id"] != kony["id"] || w.Type != "SCREENING" {
		t.Fatalf("STATUS_UPDATED: %v", w.Body)
	}
	hist := plaidtest.List(e.Call("/watchlist_screening/individual/history/list", map[string]any{"watchlist_screening_id": kony["id"]}).OK(t)["watchlist_screenings"])
	if len(hist) != 1 || plaidtest.Obj(hist[0])["status"] != "pending_review" {
		t.Fatalf("history: %v", hist)
	}
	reviews := plaidtest.List(e.Call("/watchlist_screening/individual/review/list", map[string]any{"watchlist_screening_id": kony["id"]}).OK(t)["watchlist_screening_reviews"])
	if len(reviews) != 1 {
		t.Fatalf("reviews: %v", reviews)
	}
	e.Call("/watchlist_screening/individual/update", map[string]any{"watchlist_screening_id": kony["id"], "status": "cleared",
		"search_terms": map[string]any{"legal_name": "Joe Kony"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/watchlist_screening/individual/update", map[string]any{"watchlist_screening_id": kony["id"], "reset_fields": []string{"assignee"}}).OK(t)
	list := e.Call("/watchlist_screening/individual/list", map[string]any{"watchlist_program_id": "prg_sandbox_default", "status": "pending_review"}).OK(t)
	if n := len(plaidtest.List(list["watchlist_screenings"])); n != 3 {
		t.Fatalf("pending screenings: %d", n)
	}
	e.CallAs("other", "x", "/watchlist_screening/individual/get", map[string]any{"watchlist_screening_id": kony["id"]}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/watchlist_screening/individual/create", map[string]any{"search_terms": map[string]any{"watchlist_program_id": "prg_nope", "legal_name": "A B"}}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	prog := e.Call("/watchlist_screening/individual/program/get", map[string]any{"watchlist_program_id": "prg_sandbox_default"}).OK(t)
	if prog["name_sensitivity"] != "balanced" || prog["is_rescanning_enabled"] != true {
		t.Fatalf("program: %v", prog)
	}
	users := plaidtest.List(e.Call("/dashboard_user/list", map[string]any{}).OK(t)["dashboard_users"])
	e.Call("/dashboard_user/get", map[string]any{"dashboard_user_id": plaidtest.Obj(users[0])["id"]}).OK(t)
}

// TestEntityScreening: a documented entity hits with its document; the
// entity program and list routes answer; a screening's hits follow a
// terms edit until reviewed.
func TestEntityScreening(t *testing.T) {
	e, _ := setup(t)
	s := e.Call("/watchlist_screening/entity/create", map[string]any{"search_terms": map[string]any{"entity_watchlist_program_id": "entprg_sandbox_default",
		"legal_name": "Iran Mobin Electronic Development Company", "document_number": "10103492170", "country": "IR"}}).OK(t)
	if s["status"] != "pending_review" {
		t.Fatalf("entity: %v", s)
	}
	hits := plaidtest.List(e.Call("/watchlist_screening/entity/hit/list", map[string]any{"entity_watchlist_screening_id": s["id"]}).OK(t)["entity_watchlist_screening_hits"])
	if len(hits) != 1 || plaidtest.Obj(plaidtest.Obj(hits[0])["analysis"])["documents"] != "match" {
		t.Fatalf("entity hits: %v", hits)
	}
	up := e.Call("/watchlist_screening/entity/update", map[string]any{"entity_watchlist_screening_id": s["id"],
		"search_terms": map[string]any{"entity_watchlist_program_id": "entprg_sandbox_default", "legal_name": "Plaid Technologies"}}).OK(t)
	hits = plaidtest.List(e.Call("/watchlist_screening/entity/hit/list", map[string]any{"entity_watchlist_screening_id": s["id"]}).OK(t)["entity_watchlist_screening_hits"])
	if plaidtest.Obj(up["search_terms"])["version"] != 2.0 || len(hits) != 0 {
		t.Fatalf("an unreviewed hit follows the terms: version %v, %d hits", plaidtest.Obj(up["search_terms"])["version"], len(hits))
	}
	e.Call("/watchlist_screening/entity/get", map[string]any{"entity_watchlist_screening_id": s["id"]}).OK(t)
	e.Call("/watchlist_screening/entity/list", map[string]any{"entity_watchlist_program_id": "entprg_sandbox_default"}).OK(t)
	e.Call("/watchlist_screening/entity/history/list", map[string]any{"entity_watchlist_screening_id": s["id"]}).OK(t)
	e.Call("/watchlist_screening/entity/review/list", map[string]any{"entity_watchlist_screening_id": s["id"]}).OK(t)
	e.Call("/watchlist_screening/entity/review/create", map[string]any{"entity_watchlist_screening_id": s["id"], "confirmed_hits": []any{}, "dismissed_hits": []any{}}).OK(t)
	e.Call("/watchlist_screening/entity/program/get", map[string]any{"entity_watchlist_program_id": "entprg_sandbox_default"}).OK(t)
	if n := len(plaidtest.List(e.Call("/watchlist_screening/entity/program/list", map[string]any{}).OK(t)["entity_watchlist_programs"])); n != 1 {
		t.Fatalf("entity programs: %d", n)
	}
	e.Call("/watchlist_screening/individual/program/list", map[string]any{}).OK(t)
}

// TestRescan: a cleared screening is screened again when the clock passes
// a day; a list entry added since (a fixture loaded at run time) hits it,
// which puts it back in pending_review with STATUS_UPDATED.
func TestRescan(t *testing.T) {
	e, rv := setup(t)
	s := screen(t, e, "Tom Haverford", "1984-03-02", "US")
	if s["status"] != "cleared" {
		t.Fatalf("Tom: %v", s["status"])
	}
	if r := e.Do("POST", "/_emulator/fixtures", jsonHeader, map[string]any{"watchlist_entries": []any{map[string]any{"id": "uid_test_tom", "kind": "individual",
		"names": []string{"Tom Haverford"}, "date_of_birth": "1984-03-02", "country": "US", "list_code": "IZ_PEP"}}}); r.Status != 200 {
		t.Fatalf("fixtures: %s", r.Raw)
	}
	e.Clock(map[string]any{"advance": "25h"})
	if w := rv.WaitFor(t, "STATUS_UPDATED"); w.Body["screening_id"] != s["id"] {
		t.Fatalf("rescan webhook: %v", w.Body)
	}
	got := e.Call("/watchlist_screening/individual/get", map[string]any{"watchlist_screening_id": s["id"]}).OK(t)
	if got["status"] != "pending_review" || plaidtest.Obj(got["audit_trail"])["source"] != "system" {
		t.Fatalf("after the rescan: %v", got)
	}
}

// TestMonitorAdmin: the rescan route screens every screening again now
// (a new entry flags one, with STATUS_UPDATED); the views list the
// screenings and show one with its hits, reviews and history; a client's
// reset removes its screenings only.
func TestMonitorAdmin(t *testing.T) {
	e, rv := setup(t)
	s := screen(t, e, "Ann Perkins", "1980-05-05", "US")
	screen(t, e, "Joseph Kony", "1964-09-18", "CF")
	e.CallAs("other", "x", "/watchlist_screening/individual/create", map[string]any{"search_terms": map[string]any{"watchlist_program_id": "prg_sandbox_default",
		"legal_name": "Chris Traeger"}}).OK(t)
	if r := e.Do("POST", "/_emulator/fixtures", jsonHeader, map[string]any{"watchlist_entries": []any{map[string]any{"id": "uid_test_ann", "kind": "individual",
		"names": []string{"Ann Perkins"}, "list_code": "IZ_PEP"}}}); r.Status != 200 {
		t.Fatalf("fixtures: %s", r.Raw)
	}
	r := e.Do("POST", "/_emulator/monitor/rescan", jsonHeader, map[string]any{})
	if r.Status != 200 || r.Body["rescanned"] != 3.0 || len(plaidtest.List(r.Body["flagged"])) != 1 || plaidtest.List(r.Body["flagged"])[0] != s["id"] {
		t.Fatalf("rescan: %d %s", r.Status, r.Raw)
	}
	rv.WaitFor(t, "STATUS_UPDATED")
	list := e.Do("GET", "/_emulator/monitor?client_id="+plaidtest.ClientID+"&status=pending_review", nil, nil)
	if list.Status != 200 || list.Body["total"] != 2.0 {
		t.Fatalf("view: %d %s", list.Status, list.Raw)
	}
	one := e.Do("GET", "/_emulator/monitor/"+s["id"].(string), nil, nil)
	if one.Status != 200 || len(plaidtest.List(one.Body["hits"])) != 1 || len(plaidtest.List(one.Body["history"])) != 1 {
		t.Fatalf("one: %d %s", one.Status, one.Raw)
	}
	if bad := e.Do("GET", "/_emulator/monitor?count=abc", nil, nil); bad.Status != 400 {
		t.Fatalf("a bad count: %d", bad.Status)
	}
	if r := e.Do("POST", "/_emulator/reset", jsonHeader, map[string]any{"client_id": "other"}); r.Status != 200 {
		t.Fatalf("reset: %s", r.Raw)
	}
	if all := e.Do("GET", "/_emulator/monitor", nil, nil); all.Body["total"] != 2.0 {
		t.Fatalf("after the other client's reset: %s", all.Raw)
	}
}

// TestWebhookURLDefault: with no dashboard_webhook in a client's fixture,
// Monitor's webhooks go to the server's --webhook-url-default.
func TestWebhookURLDefault(t *testing.T) {
	got := make(chan map[string]any, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		_ = json.NewDecoder(r.Body).Decode(&m)
		got <- m
	}))
	defer hook.Close()
	fx := *fixtures.Default()
	fx.DefaultDashboardWebhook = hook.URL // what --webhook-url-default sets
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)), plaidtest.WithFixtures(&fx))
	s := screen(t, e, "Joseph Kony", "1964-09-18", "CF")
	e.Call("/watchlist_screening/individual/update", map[string]any{"watchlist_screening_id": s["id"], "status": "cleared"}).OK(t)
	select {
	case w := <-got:
		if w["webhook_type"] != "SCREENING" || w["screening_id"] != s["id"] {
			t.Fatalf("webhook: %v", w)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no webhook at the default URL within 15 s")
	}
}

// TestDashboardStatus: the admin route a reviewer's Dashboard action
// takes sets a screening's status (source dashboard), sends
// STATUS_UPDATED, and refuses a status Plaid has not.
func TestDashboardStatus(t *testing.T) {
	e, rv := setup(t)
	s := screen(t, e, "Joseph Kony", "1964-09-18", "CF")
	r := e.Do("POST", "/_emulator/monitor/status", jsonHeader, map[string]any{"screening_id": s["id"], "status": "rejected"})
	if r.Status != 200 || r.Body["status"] != "rejected" || plaidtest.Obj(r.Body["audit_trail"])["source"] != "dashboard" {
		t.Fatalf("status: %d %s", r.Status, r.Raw)
	}
	if w := rv.WaitFor(t, "STATUS_UPDATED"); w.Body["screening_id"] != s["id"] {
		t.Fatalf("webhook: %v", w.Body)
	}
	if bad := e.Do("POST", "/_emulator/monitor/status", jsonHeader, map[string]any{"screening_id": s["id"], "status": "maybe"}); bad.Status != 400 {
		t.Fatalf("a bad status: %d", bad.Status)
	}
}
