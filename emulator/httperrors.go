package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strconv"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Go's HTTP server answers a request it cannot parse (a malformed header,
// headers past its limit) itself, in plain text, before any handler runs.
// plaidConns rewrites those answers, as they leave, into Plaid's JSON
// error: INVALID_HEADERS with the same status. They are recognised by
// what only net/http writes: a 4xx status line, a text/plain content type
// and "Connection: close" with no other header.

type plaidListener struct {
	net.Listener
	s *Server
}

func (l plaidListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &plaidConn{Conn: c, s: l.s}, nil
}

type plaidConn struct {
	net.Conn
	s *Server
}

// goErrorHead is how net/http's own error answers begin after the status line.
var goErrorHead = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")

func (c *plaidConn) Write(b []byte) (int, error) {
	if len(b) < 16 || !bytes.HasPrefix(b, []byte("HTTP/1.1 4")) {
		return c.Conn.Write(b)
	}
	line, rest, ok := bytes.Cut(b, []byte("\r\n"))
	if !ok || !bytes.HasPrefix(append([]byte("\r\n"), rest...), goErrorHead) {
		return c.Conn.Write(b)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return c.Conn.Write(b)
	}
	detail := string(rest[len(goErrorHead)-2:])
	e := wire.New(wire.CodeInvalidHeaders).WithStatus(status).WithMessage("the request could not be read: %s", detail)
	e.RequestID = wire.NewRequestID()
	body, _ := json.Marshal(e)
	out := fmt.Sprintf("%s\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", line, len(body), body)
	if _, err := c.Conn.Write([]byte(out)); err != nil {
		return 0, err
	}
	return len(b), nil
}
