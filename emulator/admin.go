package emulator

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// handleNotFound answers any unknown path or method as Plaid does: 404
// INVALID_REQUEST/NOT_FOUND.
// The body is read (up to 1 MiB) so that the journal shows what was sent
// to a path the emulator does not serve.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	c := s.newCall(r)
	c.body, _ = wire.ReadBody(w, r)
	s.write(w, c, nil, wire.New(wire.CodeNotFound))
}

// adminAllowed says whether req may reach its route under --admin-token:
// every /_emulator/ route but health, the dashboard's own files and Link's
// pages and calls (the link token guards those), and the Program API.
func (s *Server) adminAllowed(req *http.Request) bool {
	tok := s.opts.AdminToken
	p := req.URL.Path
	admin := strings.HasPrefix(p, "/_emulator/") || programPath(p)
	if tok == "" || !admin || p == "/_emulator/health" || p == "/_emulator/ui" || strings.HasPrefix(p, "/_emulator/ui/") ||
		strings.HasPrefix(p, "/_emulator/link/") || strings.HasPrefix(p, "/_emulator/oauth/") {
		return true
	}
	got, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1
}

// programPath says whether p is a Program API path.
func programPath(p string) bool {
	return strings.HasPrefix(p, "/plaid/") || strings.HasPrefix(p, "/profiles/")
}
