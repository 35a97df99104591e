package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckReportSurvivesKill9: a Consumer Report answered 200 and still
// generating (the example persona's 30 seconds) when the binary is killed
// with SIGKILL is there after the restart, still generating; it finishes
// when the clock passes its time, with one USER_CHECK_REPORT_READY; a
// second kill and restart after that neither loses it nor sends its
// webhook again.
func TestCheckReportSurvivesKill9(t *testing.T) {
	bin := buildBinary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	args := []string{"--state", state, "--fixtures", "../../emulator/internal/products/cra/testdata/fixtures"}
	cmd, url := startBinary(t, bin, args...)
	status, made := postAny(t, url+"/user/create", `{"client_user_id":"killed-mid-report"}`)
	uid, _ := made["user_id"].(string)
	if status != 201 || uid == "" {
		t.Fatalf("user/create: %d %v", status, made)
	}
	post(t, url+"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["cra_base_report"],"user_id":"`+uid+`",
		"options":{"override_username":"user_check_scripted","override_password":"x"}}`)
	post(t, url+"/cra/check_report/create", `{"user_id":"`+uid+`","webhook":"http://127.0.0.1:9/hook","days_requested":365,
		"consumer_report_permissible_purpose":"EXTENSION_OF_CREDIT"}`)
	_ = cmd.Process.Kill() // SIGKILL, mid-generation
	_ = cmd.Wait()

	cmd, url = startBinary(t, bin, args...)
	base := func() (int, map[string]any) {
		return postAny(t, url+"/cra/check_report/base_report/get", `{"user_id":"`+uid+`"}`)
	}
	if status, body := base(); status != 400 || body["error_code"] != "PRODUCT_NOT_READY" {
		t.Fatalf("after the restart, mid-generation: %d %v", status, body)
	}
	readies := func() int {
		n := 0
		for _, w := range webhookBodies(t, url, "webhook_code=USER_CHECK_REPORT_READY") {
			if w["user_id"] == uid {
				n++
			}
		}
		return n
	}
	if n := readies(); n != 0 {
		t.Fatalf("%d READY webhooks before the report is made", n)
	}
	post(t, url+"/_emulator/clock", `{"advance":"31s"}`)
	if status, body := base(); status != 200 || body["report"] == nil {
		t.Fatalf("after its generation time: %d %v", status, body)
	}
	if n := readies(); n != 1 {
		t.Fatalf("%d READY webhooks for the report, want 1", n)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()

	cmd, url = startBinary(t, bin, args...)
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	post(t, url+"/_emulator/clock", `{"advance":"1m"}`) // what is due runs again: nothing should be
	if status, body := base(); status != 200 || body["report"] == nil {
		t.Fatalf("after a second restart: %d %v", status, body)
	}
	if n := readies(); n != 1 {
		t.Fatalf("%d READY webhooks after a second restart, want 1", n)
	}
}

// postAny posts a Plaid call and returns its status and body, whatever they are.
func postAny(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"c"}, "Plaid-Secret": {"s"}}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %d %s", url, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

// webhookBodies are the bodies of the webhooks the log lists for query.
func webhookBodies(t *testing.T, url, query string) []map[string]any {
	t.Helper()
	resp, err := http.Get(url + "/_emulator/webhooks?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Webhooks []struct {
			Body map[string]any `json:"body"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	bodies := make([]map[string]any, len(out.Webhooks))
	for i, w := range out.Webhooks {
		bodies[i] = w.Body
	}
	return bodies
}
