package emulator_test

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// TestAnswersSpeakInWords: the answers the attack saw in Go's or the YAML
// library's words now say what is wrong in ours: a scenarios document with
// a list where a latency belongs, the Program API's redirect_uri given an
// object, and a webhook attempt to a port where nothing listens.
func TestAnswersSpeakInWords(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.ProgramAPI = true })
	sc := e.do(http.MethodPost, "/_emulator/scenarios", http.Header{"Content-Type": {"application/yaml"}},
		[]byte("scenarios:\n - name: x\n   rules:\n    - match: {paths: [/a]}\n      effect: {latency: [1, 2]}\n"))
	probs := strings.Join(func() (out []string) {
		for _, p := range list(sc.body["problems"]) {
			out = append(out, p.(string))
		}
		return
	}(), "\n")
	if sc.status != 400 || !strings.Contains(probs, "found a list where a latency") || libraryWording.MatchString(string(sc.raw)) {
		t.Fatalf("scenarios: %d %s", sc.status, sc.raw)
	}
	pr := e.program(http.MethodPost, "/plaid/links", []byte(`{"profile_id": "`+demoProfile+`", "redirect_uri": {"a": 1}}`))
	if pr.status != 400 || obj(pr.body["error"])["message"] != "redirect_uri must be a string" || libraryWording.MatchString(string(pr.raw)) {
		t.Fatalf("program: %d %s", pr.status, pr.raw)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/hooks"
	ln.Close() // nothing listens there now
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": dead})
	e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).ok(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		hooks := e.do(http.MethodGet, "/_emulator/webhooks?item_id="+it.itemID, http.Header{}, nil)
		for _, h := range list(hooks.body["webhooks"]) {
			for _, a := range list(obj(h)["attempts"]) {
				msg, _ := obj(a)["error"].(string)
				if msg == "" {
					continue
				}
				if !strings.Contains(msg, "refused the connection") || libraryWording.MatchString(msg) || strings.Contains(msg, ln.Addr().String()) {
					t.Fatalf("attempt error %q", msg)
				}
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no failed attempt logged: %s", hooks.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
