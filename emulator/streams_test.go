package emulator_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// openStream subscribes to the webhook stream and returns the status and
// the response (its body open).
func openStream(t *testing.T, base string) *http.Response {
	t.Helper()
	resp, err := http.Get(base + "/_emulator/webhooks/stream?since=now")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestStreamSubscribersAreBounded: at most --stream-clients subscribe at
// once, one more gets 503 JSON saying why, and a place is free again when
// a subscriber leaves.
func TestStreamSubscribersAreBounded(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.StreamClients = 2 })
	a, b := openStream(t, e.url), openStream(t, e.url)
	if a.StatusCode != 200 || b.StatusCode != 200 {
		t.Fatalf("the first two: %d %d", a.StatusCode, b.StatusCode)
	}
	c := openStream(t, e.url)
	var body map[string]string
	if c.StatusCode != 503 || json.NewDecoder(c.Body).Decode(&body) != nil || !strings.Contains(body["error"], "--stream-clients") {
		t.Fatalf("the third: %d %v", c.StatusCode, body)
	}
	a.Body.Close()
	waitFor(t, 5*time.Second, "a place after a subscriber left", func() bool {
		r := openStream(t, e.url)
		defer r.Body.Close()
		return r.StatusCode == 200
	})
	if r, _ := http.Get(e.url + "/_emulator/webhooks/stream?since=yesterday"); r.StatusCode != 400 {
		t.Fatalf("since=yesterday: %d", r.StatusCode)
	}
}

// TestStuckStreamSubscriberIsDropped: a subscriber that never reads (its
// receive buffer tiny) is dropped once an event waits past the write
// timeout, so it frees its place and holds no memory.
func TestStuckStreamSubscriberIsDropped(t *testing.T) {
	e := newEnv(t, func(o *emulator.Options) { o.StreamClients, o.StreamWriteTimeout = 1, 200*time.Millisecond })
	rcv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer rcv.Close()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		_ = c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1024) })
		return err
	}}
	conn, err := d.Dial("tcp", strings.TrimPrefix(e.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /_emulator/webhooks/stream HTTP/1.1\r\nHost: x\r\n\r\n")
	status, err := bufio.NewReader(conn).ReadString('\n') // the headers, then never another byte read
	if err != nil || !strings.Contains(status, "200") {
		t.Fatalf("stuck subscriber: %q %v", status, err)
	}
	if r := openStream(t, e.url); r.StatusCode != 503 {
		t.Fatalf("a second subscriber while the first holds the only place: %d", r.StatusCode)
	}
	it := e.link("ins_109508", []string{"auth"}, map[string]any{"webhook": rcv.URL})
	sent := 0
	waitFor(t, 30*time.Second, "the stuck subscriber dropped", func() bool {
		for range 50 { // events the subscriber does not read
			e.call("/sandbox/item/fire_webhook", map[string]any{"access_token": it.accessToken, "webhook_code": "NEW_ACCOUNTS_AVAILABLE"}).ok(t)
			sent++
		}
		r := openStream(t, e.url)
		defer r.Body.Close()
		return r.StatusCode == 200
	})
	t.Logf("dropped after %d webhooks", sent)
}

// TestStopEndsOpenStreams: a stop ends open streams and long polls at once,
// well inside the shutdown timeout, and reports no error.
func TestStopEndsOpenStreams(t *testing.T) {
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	openStream(t, srv.URL())
	poll, wrote := make(chan int, 1), make(chan struct{})
	go func() {
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { close(wrote) }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet,
			srv.URL()+"/_emulator/webhooks?wait=60s&webhook_code=NONE", nil)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			poll <- -1
			return
		}
		r.Body.Close()
		poll <- r.StatusCode
	}()
	<-wrote
	waitFor(t, 5*time.Second, "one stream and one long poll under way", func() bool {
		r, err := http.Get(srv.URL() + "/_emulator/health")
		if err != nil {
			return false
		}
		defer r.Body.Close()
		var h map[string]any
		return json.NewDecoder(r.Body).Decode(&h) == nil && h["streams"] == float64(1) && h["long_polls"] == float64(1)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown with an open stream: %v", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("Shutdown took %v with an open stream and a long poll", took)
	}
	if code := <-poll; code != 200 {
		t.Fatalf("the long poll ended with %d", code)
	}
}

// waitFor polls cond until it holds, failing after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
