package chaos

import (
	"net"
	"net/http"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// ErrorOf builds a scenario's error: the catalogue's for the code,
// with the rule's overrides.
func ErrorOf(e *scenarios.Error) *wire.Error {
	out := wire.New(e.Code)
	if !wire.KnownCode(e.Code) {
		out = &wire.Error{ErrorType: e.Type, ErrorCode: e.Code, ErrorMessage: e.Code, HTTPStatus: 400,
			DocumentationURL: "https://plaid.com/docs/errors/"}
	}
	if e.Type != "" {
		out.ErrorType = e.Type
	}
	if e.Status != 0 {
		out.HTTPStatus = e.Status
	}
	if e.Message != "" {
		out.ErrorMessage = e.Message
	}
	if e.DisplayMessage != nil {
		out.DisplayMessage = e.DisplayMessage
	}
	return out
}

// Fault makes an HTTP-level failure of kind (a scenario's fault), as a
// proxy in front of Plaid can.
func Fault(w http.ResponseWriter, kind string) {
	switch kind {
	case "html_502":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"))
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // no raw connection here: abort the reply
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	switch kind {
	case "connection_reset":
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // close with RST
		}
	case "truncated_json":
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 512\r\n\r\n{\"accounts\":[{\"account_id\":\"")
		_ = buf.Flush()
	}
	// empty_reply: close without a byte
}
