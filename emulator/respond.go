package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// call is one Plaid API request in flight.
type call struct {
	product.Call
	s        *Server
	r        *http.Request
	start    time.Time
	body     []byte         // the request body as received
	obj      map[string]any // the parsed body
	info     *chaos.Request // resolved for scenarios, once
	scenario string         // the scenario and rule that shaped the answer
	rule     string
	patch    []scenarios.PatchOp // a scenario's patch for a successful answer
	patched  string              // what the patch did: "applied" or "failed: why"
}

// opOptions say how an endpoint is guarded.
type opOptions struct {
	noAuth bool // the spec's `security: []` (e.g. /categories/get)
	form   bool // multipart/form-data is taken too (product.Upload)
}

// serveEndpoint is the one adapter for Plaid endpoints: it checks the
// content type and size, parses and checks the body against the
// endpoint's request type, authenticates, applies rate limits and chaos,
// runs the handler, publishes its events, and writes the value or error
// it returns.
func (s *Server) serveEndpoint(w http.ResponseWriter, r *http.Request, ep *product.Endpoint) {
	c := s.newCall(r)
	c.start = time.Now()
	defer s.recoverPanic(w, c)
	req := ep.NewRequest()
	if err := c.prepare(w, opOptions{noAuth: ep.NoAuth, form: ep.Form}, req); err != nil {
		s.write(w, c, nil, err)
		return
	}
	if err := c.rateLimit(); err != nil {
		s.write(w, c, nil, err)
		return
	}
	if s.applyChaos(w, c) {
		return
	}
	v, err := ep.Handle(&c.Call, req)
	s.publishFrom(c.RequestID, c.Events...)
	s.write(w, c, v, err)
}

// endpointHandler is an endpoint of s as an http.Handler.
type endpointHandler struct {
	s  *Server
	ep *product.Endpoint
}

func (h endpointHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.s.serveEndpoint(w, r, h.ep)
}

func (c *call) prepare(w http.ResponseWriter, o opOptions, dst any) *wire.Error {
	r := c.r
	if r.Method != http.MethodPost {
		return wire.New(wire.CodeNotFound)
	}
	raw, body, err := wire.RequestBody(w, r, o.form)
	c.body = raw
	if err != nil {
		return err
	}
	obj, perr := wire.ParseBody(body)
	if perr != nil {
		return perr
	}
	c.obj = obj
	if !o.noAuth {
		if err := c.authenticate(obj); err != nil {
			return err
		}
	}
	if perr := requests.Bind(c.r.URL.Path, obj, dst); perr != nil {
		return perr
	}
	return nil
}

// recoverPanic turns a panic in a handler into Plaid's 500
// INTERNAL_SERVER_ERROR; what happened goes to the log only.
func (s *Server) recoverPanic(w http.ResponseWriter, c *call) {
	if v := recover(); v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		e := wire.Internal(fmt.Errorf("panic: %v", v))
		e.Detail = append(e.Detail, string(debug.Stack()))
		s.write(w, c, nil, e)
	}
}

// authenticate reads client_id/secret from the body, else the headers; the
// body wins when both are present (https://plaid.com/docs/api/#api-protocols-and-headers leaves this open).
func (c *call) authenticate(obj map[string]any) *wire.Error {
	if id, ok := c.r.Context().Value(trustedClient{}).(string); ok { // the Program API, in-process
		c.ClientID = id
		return nil
	}
	id, idOK := credential(obj, "client_id", c.r.Header.Get("PLAID-CLIENT-ID"))
	secret, secOK := credential(obj, "secret", c.r.Header.Get("PLAID-SECRET"))
	switch {
	case !idOK && !secOK:
		return wire.New(wire.CodeMissingFields, "client_id, secret")
	case !idOK:
		return wire.New(wire.CodeMissingFields, "client_id")
	case !secOK:
		return wire.New(wire.CodeMissingFields, "secret")
	}
	for _, f := range [...]struct {
		name string
		v    any
	}{{"client_id", id}, {"secret", secret}} {
		if s, ok := f.v.(string); !ok || s == "" {
			return wire.New(wire.CodeInvalidField).WithMessage("%s must be a properly formatted, non-empty string", f.name)
		}
	}
	if !c.s.store.CheckClient(id.(string), secret.(string)) {
		return wire.New(wire.CodeInvalidAPIKeys)
	}
	c.ClientID = id.(string)
	return nil
}

func credential(obj map[string]any, key, header string) (any, bool) {
	if v, ok := obj[key]; ok && v != nil {
		return v, true
	}
	if header != "" {
		return header, true
	}
	return nil, false
}

// write is the one place a response is written: status, JSON, request_id, log.
func (s *Server) write(w http.ResponseWriter, c *call, v any, err *wire.Error) {
	status := http.StatusOK
	if raw, ok := v.(*product.RawBody); ok && err == nil {
		w.Header().Set("Content-Type", raw.ContentType)
		for k, v := range raw.Headers {
			w.Header().Set(k, v)
		}
		w.Header()["X-Request-Id"] = []string{c.RequestID}
		w.WriteHeader(status)
		_, _ = w.Write(raw.Data)
		s.record(c, status, nil, "")
		return
	}
	if err != nil {
		pe := err.Clone()
		pe.RequestID = c.RequestID
		if pe.HTTPStatus >= 500 {
			s.log.Error("internal error", "path", c.r.URL.Path, "request_id", c.RequestID, "code", pe.ErrorCode, "detail", pe.Detail)
		}
		status, v = pe.HTTPStatus, pe
	} else {
		if rs, ok := v.(wire.RequestIDSetter); ok {
			rs.SetRequestID(c.RequestID)
		}
		if sc, ok := v.(product.StatusCoder); ok {
			status = sc.HTTPStatus()
		}
	}
	buf := wire.BufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer wire.BufPool.Put(buf)
	if ja, ok := v.(product.JSONAppender); ok && err == nil {
		b := ja.AppendJSON(buf.AvailableBuffer(), c.RequestID)
		buf.Write(append(b, '\n'))
	} else if jerr := json.NewEncoder(buf).Encode(v); jerr != nil {
		pe := wire.Internal(jerr)
		pe.RequestID = c.RequestID
		s.log.Error("encode response", "path", c.r.URL.Path, "err", jerr)
		buf.Reset()
		_ = json.NewEncoder(buf).Encode(pe)
		status = pe.HTTPStatus
	}
	out := buf.Bytes()
	if len(c.patch) > 0 && status == http.StatusOK {
		out, c.patched = chaos.ApplyPatch(c.r.URL.Path, c.patch, out)
	}
	h := w.Header()
	h["Content-Type"] = wire.JSONContentType
	h["X-Request-Id"] = []string{c.RequestID}
	chaos.SetPatchHeader(h, c.patched)
	w.WriteHeader(status)
	_, _ = w.Write(out)
	s.record(c, status, out, "")
	if s.log.Enabled(c.r.Context(), slog.LevelDebug) {
		s.log.Debug("request", "method", c.r.Method, "path", c.r.URL.Path, "status", status,
			"request_id", c.RequestID, "client_id", c.ClientID)
	}
}

// rateLimit applies Plaid's rate limits, when on, to the call.
func (c *call) rateLimit() *wire.Error {
	limited, perItem := c.s.limits.Limits(c.r.URL.Path)
	if !limited {
		return nil
	}
	itemID := ""
	if tok, _ := c.obj["access_token"].(string); tok != "" && perItem {
		itemID = c.s.store.ItemIDFor(tok)
	}
	return c.s.limits.Check(c.r.URL.Path, c.ClientID, itemID, c.Now)
}

// newCall starts a call on the emulated API.
func (s *Server) newCall(r *http.Request) *call {
	return &call{s: s, r: r, Call: product.Call{RequestID: wire.NewRequestID(), Now: s.clock.Now(), Items: storeDoor{s},
		Fixtures: s.store.Fixtures(), Started: s.started, Header: wire.Header(r)}}
}
