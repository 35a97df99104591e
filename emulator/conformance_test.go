package emulator_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// The conformance check: every request and response the tests exchange with
// the emulator goes through specTransport, which validates it against
// Plaid's OpenAPI spec. A 2xx answer to a request the spec says is invalid
// fails the test too (the emulator must not accept what Plaid rejects).

const specEnv = "PLAID_OPENAPI_SPEC"

var (
	specOnce sync.Once
	specDoc  *openapi3.T
	specErr  error
	specPath string
)

// findSpec is $PLAID_OPENAPI_SPEC, else shared/plaid-openapi/2020-09-14.yml
// beside the repository (or any parent of it).
func findSpec() string {
	if p := os.Getenv(specEnv); p != "" {
		return p
	}
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "plaid-openapi", "2020-09-14.yml")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadSpec returns the parsed spec, skipping the test when it is absent
// (failing under CI=true, where it must be there).
func loadSpec(tb testing.TB) *openapi3.T {
	tb.Helper()
	specOnce.Do(func() {
		specPath = findSpec()
		if specPath == "" {
			specErr = fmt.Errorf("Plaid's OpenAPI spec not found: set %s to its path", specEnv)
			return
		}
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromFile(specPath)
	})
	if specErr != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("conformance: %v", specErr)
		}
		tb.Skipf("conformance: %v", specErr)
	}
	return specDoc
}

// specTransport validates each exchange against the spec.
type specTransport struct {
	tb   testing.TB
	doc  *openapi3.T
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]int // path → validated exchanges
}

func newSpecTransport(tb testing.TB) *specTransport {
	return &specTransport{tb: tb, doc: loadSpec(tb), next: http.DefaultTransport, seen: map[string]int{}}
}

var specOptions = &openapi3filter.Options{
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
	MultiError:         true,
}

func (t *specTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil || strings.HasPrefix(req.URL.Path, "/_emulator/") {
		return resp, err
	}
	respBody, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if rerr != nil {
		return resp, rerr
	}
	t.check(req, reqBody, resp, respBody)
	return resp, nil
}

// outsideSpec are paths the emulator serves that the 2020-09-14 spec does
// not have (the legacy exchange, the Program API, Link's script); they are
// not checked.
var outsideSpec = []string{"/exchange_token", "/plaid/", "/profiles/", "/link/v2/"}

// deviations are requests the emulator accepts on purpose although the
// current spec rejects them, each with its reason.
var deviations = []struct {
	path, contains, why string
}{
	{"/processor/token/create", `"processor":"prime_trust"`, "prime_trust is still in plaid-go v20's enum"},
}

func (t *specTransport) check(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	path := req.URL.Path
	for _, p := range outsideSpec {
		if strings.HasPrefix(path, p) {
			return
		}
	}
	pi := t.doc.Paths.Find(path)
	if pi == nil || pi.Post == nil {
		if resp.StatusCode != http.StatusNotFound {
			t.tb.Errorf("conformance: %s is not in the spec but answered %d", path, resp.StatusCode)
		}
		return
	}
	ctx := context.Background()
	vreq := req.Clone(ctx)
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.RequestValidationInput{
		Request: vreq,
		Route:   &routers.Route{Spec: t.doc, Path: path, PathItem: pi, Method: http.MethodPost, Operation: pi.Post},
		Options: specOptions,
	}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	for _, d := range deviations {
		if d.path == path && strings.Contains(string(reqBody), d.contains) {
			reqErr = nil
		}
	}
	if reqErr != nil && resp.StatusCode < 300 && req.Method == http.MethodPost {
		t.tb.Errorf("conformance: %s accepted a request the spec rejects (%d): %v\nrequest: %s", path, resp.StatusCode, short(reqErr), reqBody)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                specOptions,
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.tb.Errorf("conformance: %s response (%d) does not match the spec: %v\nbody: %.2000s", path, resp.StatusCode, short(err), respBody)
	}
	t.mu.Lock()
	t.seen[path]++
	t.mu.Unlock()
	if resp.StatusCode == http.StatusOK {
		validated200.Lock()
		validated200.paths[path]++
		validated200.Unlock()
	}
}

// validated200 counts, across the whole test binary, the 200 responses
// that passed the spec check, per path; TestMain requires one for every
// Plaid path the emulator serves.
var validated200 = struct {
	sync.Mutex
	paths map[string]int
}{paths: map[string]int{}}

func short(err error) string {
	s := err.Error()
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}
