package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/google/uuid"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// DefaultProgramClientID is the Plaid client the Program API's platform uses.
const DefaultProgramClientID = "program-platform"

// trustedClient marks an in-process request made by the Program API: it
// is authenticated as that client without a secret (a context value, so
// no HTTP client can set it).
type trustedClient struct{}

func (s *Server) programClient() string {
	if s.opts.ProgramClientID != "" {
		return s.opts.ProgramClientID
	}
	return DefaultProgramClientID
}

// programPlaid is the Program API's way to Plaid: each call goes through
// the emulator's own handler for the path (checks, chaos, journal and
// all), as the platform's client.
type programPlaid struct{ s *Server }

func (p programPlaid) Call(ctx context.Context, path string, req, resp any) *wire.Error {
	ep, ok := p.s.exact[path]
	if !ok {
		return wire.New(wire.CodeNotFound)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return wire.Internal(err)
	}
	status, out := serveInProcess(context.WithValue(context.WithValue(ctx, trustedClient{}, p.s.programClient()), viaKey{}, "program-api"), endpointHandler{p.s, ep}, path, body, nil)
	if status != http.StatusOK {
		var e wire.Error
		if err := json.Unmarshal(out, &e); err != nil {
			return wire.Internal(err)
		}
		e.HTTPStatus = status
		return &e
	}
	if err := json.Unmarshal(out, resp); err != nil {
		return wire.Internal(err)
	}
	return nil
}

// serveInProcess serves a JSON POST of body to path through h, as from
// loopback, with header's extra headers, and returns the answer: the way
// the Program API and the dashboard's actions call Plaid paths in-process.
func serveInProcess(ctx context.Context, h http.Handler, path string, body []byte, header http.Header) (int, []byte) {
	r, _ := http.NewRequestWithContext(ctx, http.MethodPost, path, bytes.NewReader(body)) // a path and a POST: cannot fail
	for k, v := range header {
		r.Header[k] = v
	}
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "127.0.0.1:0"
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, r)
	return rec.status, rec.body.Bytes()
}

// recorder is an in-memory http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// What only the Program API takes from the emulator (program.Door).

// HasProfile reports whether the profile exists: one the fixtures define,
// or, when they declare none of their own, any well-formed (UUID) id.
func (h productDoor) HasProfile(id string) bool {
	set := h.s.store.Fixtures()
	if slices.ContainsFunc(set.Profiles, func(p fixtures.Profile) bool { return p.ProfileID == id }) {
		return true
	}
	_, err := uuid.Parse(id)
	return !set.ProfilesDeclared() && err == nil && len(id) == 36
}

// AccessToken is the Item's current access token ("" when gone).
func (h productDoor) AccessToken(itemID string) string { return h.s.store.AccessTokenOf(itemID) }
