package emulator_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// hostileInts are query values no integer parameter may take quietly.
var hostileInts = []string{"9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "-5", "abc", "1e3", "", "0x10", " 7"}

// adminIntParams are the integer query parameters of each admin list.
var adminIntParams = map[string][]string{
	"/_emulator/items":    {"offset", "count"},
	"/_emulator/requests": {"offset", "count", "status"},
	"/_emulator/webhooks": {"offset", "count"},
}

// TestHostileQueriesNeitherWedgeNorPassQuietly drives every GET route of
// the admin API, the Program API and the modules' pages (read from their
// route files) with hostile
// values for every query parameter any of them takes. None may answer 5xx,
// and afterwards a write and /_emulator/health must each answer within a
// second: a panic that left a lock held would hang them. Every integer
// parameter answers a hostile value with 400 JSON naming it.
func TestHostileQueriesNeitherWedgeNorPassQuietly(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.ProgramAPI = true })
	it := e.link("ins_109508", []string{"auth"}, nil)
	src := routeSource(t)
	var gets []string
	for _, m := range regexp.MustCompile(`HandleFunc\("(/[^"]*)".*\.Methods\(http\.MethodGet\)|\bget\("(/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		route := m[1] + m[2]
		if strings.HasSuffix(route, "/") { // a module page's folder of files
			route += "{file}"
		}
		gets = append(gets, route)
	}
	if len(gets) < 20 {
		t.Fatalf("the route files have only %d GET routes: the pattern missed them", len(gets))
	}
	fill := strings.NewReplacer("{item_id}", it.itemID, "{id}", "wh_00000001", "{account_id}", "acct", "{profile_id}", "prof", "{file}", "ins_109508.svg")
	params := []string{"offset", "count", "status", "wait", "since", "codes", "q", "include_login_status", "link_token", "oauth_state_id"}
	hc := &http.Client{Timeout: 5 * time.Second}
	for _, route := range gets {
		path := fill.Replace(route)
		for _, p := range params {
			for _, v := range hostileInts {
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.url+path+"?"+url.Values{p: {v}}.Encode(), nil)
				resp, err := hc.Do(req)
				if err != nil {
					cancel()
					t.Fatalf("GET %s?%s=%q: %v", path, p, v, err)
				}
				resp.Body.Close() // a stream is cut here
				cancel()
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s?%s=%q answered %d", path, p, v, resp.StatusCode)
				}
			}
		}
	}
	answersWithin(t, time.Second, func() (*http.Response, error) {
		return hc.Post(e.url+"/sandbox/public_token/create", "application/json", strings.NewReader(
			`{"client_id":"`+testClientID+`","secret":"`+testSecret+`","institution_id":"ins_109508","initial_products":["auth"]}`))
	})
	answersWithin(t, time.Second, func() (*http.Response, error) { return hc.Get(e.url + "/_emulator/health") })

	for route, names := range adminIntParams {
		for _, name := range names {
			for _, v := range hostileInts {
				resp, err := hc.Get(e.url + route + "?" + url.Values{name: {v}}.Encode())
				if err != nil {
					t.Fatal(err)
				}
				var body map[string]any
				err = json.NewDecoder(resp.Body).Decode(&body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest || err != nil || body["parameter"] != name || !strings.Contains(body["error"].(string), name) {
					t.Errorf("GET %s?%s=%q: want 400 naming %s, got %d %v", route, name, v, name, resp.StatusCode, body)
				}
			}
		}
	}
}

// answersWithin fails unless do answers below 500 within d.
func answersWithin(t *testing.T, d time.Duration, do func() (*http.Response, error)) {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		resp, err := do()
		if err != nil {
			got <- err.Error()
			return
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			got <- resp.Status
			return
		}
		got <- ""
	}()
	select {
	case msg := <-got:
		if msg != "" {
			t.Fatal(msg)
		}
	case <-time.After(d):
		t.Fatalf("no answer within %v: a lock is held", d)
	}
}

// TestAdminListsPage: offset and count page the requests and webhooks lists.
func TestAdminListsPage(t *testing.T) {
	e := newEnv(t)
	for range 3 {
		e.link("ins_109508", []string{"auth"}, nil)
	}
	all := e.do(http.MethodGet, "/_emulator/requests?path=/sandbox/public_token/create", nil, nil)
	page := e.do(http.MethodGet, "/_emulator/requests?path=/sandbox/public_token/create&offset=1&count=1", nil, nil)
	a, p := list(all.body["requests"]), list(page.body["requests"])
	if len(a) != 3 || len(p) != 1 || obj(p[0])["id"] != obj(a[1])["id"] {
		t.Fatalf("requests: all %d, page %v", len(a), p)
	}
	past := e.do(http.MethodGet, "/_emulator/items?offset=2147483647&count=500", nil, nil)
	if past.status != 200 || len(list(past.body["items"])) != 0 || past.body["total"] != float64(3) {
		t.Fatalf("items past the end: %d %s", past.status, past.raw)
	}
}
