package emulator

import "net/http"

// handleHealth serves GET /_emulator/health.
func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.opts.Version})
}

// handleReset serves POST /_emulator/reset: back to the fixture baseline.
func (s *Server) handleReset(w http.ResponseWriter, _ *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

// handleNotFound answers any unknown path or method as Plaid does: 404
// INVALID_REQUEST/NOT_FOUND.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.write(w, &call{s: s, r: r, requestID: newRequestID()}, nil, newError(CodeNotFound))
}
