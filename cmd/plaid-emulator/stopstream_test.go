package main

import (
	"net/http"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMWithAnOpenStreamExitsAtOnce: a subscriber of the webhook
// stream that never goes away does not hold a stop for the whole
// --shutdown-timeout: SIGTERM ends the stream and the binary exits 0 well
// inside it.
func TestSIGTERMWithAnOpenStreamExitsAtOnce(t *testing.T) {
	bin := buildBinary(t)
	cmd, url := startBinary(t, bin, "--shutdown-timeout", "20s")
	resp, err := http.Get(url + "/_emulator/webhooks/stream")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("stream: %v", err)
	}
	defer resp.Body.Close()
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("the stop took %v with a stream open", took)
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("no exit within 10 s of SIGTERM with a stream open (the shutdown timeout is 20 s)")
	}
}
