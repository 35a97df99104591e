package emulator

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/mux"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/admin"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// routes is THE route table: every Plaid path, each an endpoint of a
// product module (products.go), the modules' own pages (product.Pager),
// and every other /_emulator/ path, one line each (emulatorRouter). Plaid's are POST only; anything else is Plaid's 404.
func (s *Server) routes() http.Handler {
	s.plaidPaths = nil
	exact := make(map[string]*product.Endpoint, 128)
	var pages modulePages
	for _, m := range s.modules {
		eps := m.Endpoints()
		for i := range eps {
			exact[eps[i].Path] = &eps[i]
			s.plaidPaths = append(s.plaidPaths, eps[i].Path)
		}
		if p, ok := m.(product.Pager); ok {
			pages.add(s, p.Pages())
		}
	}

	// Every other path goes through the router, built once for all Servers
	// (its handlers find their Server in the request's context).
	router := emulatorRouter()
	s.exact = exact
	maxHeader := s.opts.MaxHeaderBytes
	if maxHeader <= 0 {
		maxHeader = DefaultMaxHeaderBytes
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if wire.HeaderBytes(req.Header) > maxHeader { // Plaid's JSON, not Go's plain-text 431
			s.write(w, s.newCall(req), nil, wire.New(wire.CodeInvalidHeaders).WithStatus(http.StatusRequestHeaderFieldsTooLarge).
				WithMessage("request headers are larger than the maximum of %d bytes", maxHeader))
			return
		}
		if ep, ok := exact[req.URL.Path]; ok { // Plaid's paths are exact: a map finds them
			s.serveEndpoint(w, req, ep)
			return
		}
		if !s.adminAllowed(req) {
			const msg = "this emulator's admin routes need its admin token: Authorization: Bearer <--admin-token>"
			if programPath(req.URL.Path) { // the Program API's own error shape
				wire.WriteJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{"code": "unauthorized", "message": msg}})
				return
			}
			wire.WriteJSON(w, http.StatusUnauthorized, map[string]string{"error": msg})
			return
		}
		if h := pages.find(req); h != nil {
			h.ServeHTTP(w, req)
			return
		}
		router.ServeHTTP(w, req.WithContext(context.WithValue(req.Context(), serverKey{}, s)))
	})
}

// serverKey holds the Server in a request's context, for emulatorRouter's handlers.
type serverKey struct{}

// on adapts a Server method to the shared router.
func on(f func(*Server, http.ResponseWriter, *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { f(r.Context().Value(serverKey{}).(*Server), w, r) }
}

// modulePages are the modules' own routes (product.Pager): by method and
// exact path, or by method and the folder a path is one segment under.
type modulePages struct {
	exact, folder map[string]http.Handler
}

func (mp *modulePages) add(s *Server, pages []product.Page) {
	if mp.exact == nil {
		mp.exact, mp.folder = map[string]http.Handler{}, map[string]http.Handler{}
	}
	for _, p := range pages {
		var h http.Handler = p.Serve
		if p.Op != nil {
			h = endpointHandler{s, p.Op}
		}
		if strings.HasSuffix(p.Path, "/") {
			mp.folder[p.Method+" "+p.Path] = h
		} else {
			mp.exact[p.Method+" "+p.Path] = h
		}
	}
}

// find is the page req asks for, nil if none.
func (mp *modulePages) find(req *http.Request) http.Handler {
	p := req.URL.Path
	if h, ok := mp.exact[req.Method+" "+p]; ok {
		return h
	}
	if h, ok := mp.exact[" "+p]; ok { // a page of any method
		return h
	}
	if i := strings.LastIndexByte(p, '/'); i >= 0 && i < len(p)-1 {
		return mp.folder[req.Method+" "+p[:i+1]]
	}
	return nil
}

// programAPI serves the Program API when the Server has it on.
func programAPI(s *Server, w http.ResponseWriter, r *http.Request) {
	if !s.opts.ProgramAPI {
		s.handleNotFound(w, r)
		return
	}
	s.program.ServeHTTP(w, r)
}

// emulatorRouter is the rest of THE route table: /_emulator/* (the admin
// package's) and the Program API (the modules' own pages, the legacy
// exchange included, are theirs).
var emulatorRouter = sync.OnceValue(func() *mux.Router {
	r := mux.NewRouter().SkipClean(true) // paths match exactly: //accounts/get is a 404, not a 301

	admin.Register(r, func(req *http.Request) *admin.API { return req.Context().Value(serverKey{}).(*Server).admin })

	// The Program API (--program-api), a Plaid client of the emulator;
	// internal/program routes these to its handlers.
	r.HandleFunc("/plaid/links", on(programAPI)).Methods(http.MethodPost)
	r.HandleFunc("/plaid/items", on(programAPI)).Methods(http.MethodPost)
	r.HandleFunc("/plaid/accounts/{account_id}", on(programAPI)).Methods(http.MethodGet)
	r.HandleFunc("/profiles/{profile_id}/plaid/items", on(programAPI)).Methods(http.MethodGet)
	r.HandleFunc("/plaid/items/{item_id}/links", on(programAPI)).Methods(http.MethodPost)
	r.HandleFunc("/plaid/items/{item_id}", on(programAPI)).Methods(http.MethodPatch)

	r.NotFoundHandler = on((*Server).handleNotFound)
	r.MethodNotAllowedHandler = on((*Server).handleNotFound)
	return r
})

// PlaidPaths lists the Plaid API paths this server answers, in the order of the product modules (products.go) and their endpoints.
func (s *Server) PlaidPaths() []string { return append([]string(nil), s.plaidPaths...) }
