package emulator_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// startBounded starts a real server (Start: its http.Server's bounds) with
// short timeouts.
func startBounded(t *testing.T) (*emulator.Server, string) {
	t.Helper()
	srv, err := emulator.New(emulator.Options{ReadTimeout: 300 * time.Millisecond, IdleTimeout: 300 * time.Millisecond, ReadHeaderTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, strings.TrimPrefix(srv.URL(), "http://")
}

// closedWithin reads conn until it closes; it fails unless that happens
// within limit.
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	_ = conn.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the connection was still open after %s", limit)
	}
	return time.Since(start)
}

// A body sent a byte at a time is cut off by the read timeout.
func TestSlowBodyIsCutOff(t *testing.T) {
	_, addr := startBounded(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST /accounts/get HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	if d := closedWithin(t, conn, 5*time.Second); d < 200*time.Millisecond {
		t.Fatalf("closed after %s, before the read timeout", d)
	}
}

// A keep-alive connection left idle is closed by the idle timeout.
func TestIdleConnectionIsClosed(t *testing.T) {
	_, addr := startBounded(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	resp.Body.Close()
	closedWithin(t, conn, 5*time.Second)
}

// Paths match exactly: no redirect to a cleaned path, Plaid's 404 instead.
func TestUncleanPathsAreNotFound(t *testing.T) {
	e := newEnv(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"//accounts/get", "/./accounts/get", "/x/../accounts/get", "/accounts/get/", "/_emulator//health"} {
		req, _ := http.NewRequest(http.MethodPost, e.url+p, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || !strings.Contains(string(raw), `"error_code":"NOT_FOUND"`) {
			t.Errorf("%s: %d %s, want Plaid's 404", p, resp.StatusCode, raw)
		}
	}
}

// Headers over the limit get Plaid's JSON error with status 431.
func TestHugeHeadersArePlaidErrors(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest(http.MethodPost, e.url+"/accounts/get", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Padding", strings.Repeat("a", 100<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 431 || !strings.Contains(string(raw), `"error_code":"INVALID_HEADERS"`) {
		t.Fatalf("100 KiB header: %d %s", resp.StatusCode, raw)
	}
}

// What Go's server answers itself (a malformed header, headers past its
// own limit) is Plaid's JSON error too, not plain text.
func TestMalformedRequestsArePlaidErrors(t *testing.T) {
	_, addr := startBounded(t)
	for _, raw := range []string{
		"POST /accounts/get HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
		"POST /accounts/get HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", 200<<10) + "\r\n\r\n",
	} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		_, _ = io.WriteString(conn, raw)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode < 400 || resp.StatusCode >= 500 || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			!strings.Contains(string(body), `"error_code":"INVALID_HEADERS"`) || !strings.Contains(string(body), `"request_id":"`) {
			t.Errorf("%.40q: %d %s %s", raw, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}
