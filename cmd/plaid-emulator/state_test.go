package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// instant is the flag for Items whose transactions are ready as they are
// made (the durability tests count what each answer showed, so they
// keep the first-sync path's timed pulls out of it).
const instant = "--transactions-ready-after=0"

// startBinary runs the built binary and returns its URL.
// buildBinary builds the binary into the test's temporary directory.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "plaid-emulator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func startBinary(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if url, ok := listenURL(stderr); ok {
		return cmd, url
	}
	_ = cmd.Wait()
	t.Fatal("the binary stopped before listening")
	return nil, ""
}

// listenURL reads the log until its "url=" line and returns that URL,
// then drains the rest in the background (false: the log ended first).
func listenURL(log io.Reader) (string, bool) {
	sc := bufio.NewScanner(log)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "url="); ok {
			url, _, _ := strings.Cut(after, " ")
			go func() { _, _ = io.Copy(io.Discard, log) }()
			return url, true
		}
	}
	return "", false
}

func post(t *testing.T, url, body string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {"c"}, "Plaid-Secret": {"s"}}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &out)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", url, resp.StatusCode, raw)
	}
	return out
}

// TestStateSurvivesKill9: what was answered is in the database at once
// (committed before the answer); killed with SIGKILL right after the
// answers and restarted, the access token works and sync continues from
// the same cursor.
func TestStateSurvivesKill9(t *testing.T) {
	bin := buildBinary(t)
	state := filepath.Join(t.TempDir(), "state.db")
	cmd, url := startBinary(t, bin, "--state", state, instant)
	pt := post(t, url+"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_transactions_dynamic","override_password":"x"}}`)
	ex := post(t, url+"/item/public_token/exchange", `{"public_token":"`+pt["public_token"].(string)+`"}`)
	at := ex["access_token"].(string)
	sync := post(t, url+"/transactions/sync", `{"access_token":"`+at+`","count":500}`)
	cursor := sync["next_cursor"].(string)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no last save
		t.Fatal(err)
	}
	_ = cmd.Wait()

	cmd2, url2 := startBinary(t, bin, "--state", state, instant)
	defer func() { _ = cmd2.Process.Kill(); _ = cmd2.Wait() }()
	accts := post(t, url2+"/accounts/get", `{"access_token":"`+at+`"}`)
	if len(accts["accounts"].([]any)) != 2 {
		t.Fatalf("accounts after restart = %v", accts)
	}
	again := post(t, url2+"/transactions/sync", `{"access_token":"`+at+`","cursor":"`+cursor+`"}`)
	if again["next_cursor"] != cursor || len(again["added"].([]any)) != 0 {
		t.Fatalf("sync from the saved cursor = %v", again)
	}
	// A corrupt state file stops the start, naming the file.
	_ = os.WriteFile(state, []byte("{not json"), 0o600)
	var errOut bytes.Buffer
	bad := exec.Command(bin, "--addr", "127.0.0.1:0", "--state", state)
	bad.Stderr = &errOut
	if err := bad.Run(); err == nil || !strings.Contains(errOut.String(), state) {
		t.Fatalf("corrupt state: %v %s", err, errOut.String())
	}
}
