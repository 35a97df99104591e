package plaidtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/internal/specfile"
	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
)

// The conformance check: every request and response the tests exchange with
// the emulator goes through specTransport, which validates it against
// Plaid's OpenAPI spec. A 2xx answer to a request the spec says is invalid
// fails the test too (the emulator must not accept what Plaid rejects).

var (
	specOnce sync.Once
	specDoc  *openapi3.T
	specErr  error
	specPath string
)

// specFallback: the spec found is plaid-go's older one (specfile.Find):
// exchanges on paths it lacks are counted, not checked.
var specFallback bool

// LoadSpec returns the parsed spec, skipping the test when it is absent
// (failing under CI=true, where it must be there).
func LoadSpec(tb testing.TB) *openapi3.T {
	tb.Helper()
	specOnce.Do(func() {
		found := specfile.Find()
		specPath, specFallback = found.Path, found.Fallback
		if specPath == "" {
			specErr = fmt.Errorf("Plaid's OpenAPI spec not found: %s", found.Err)
			return
		}
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromFile(specPath)
		if specErr == nil && specFallback {
			dropEnums(specDoc) // plaid-go's older enums lack values Plaid added since
		}
	})
	if specErr != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("conformance: %v", specErr)
		}
		testnote.Skip(tb, fmt.Sprintf("conformance: %v", specErr))
	}
	return specDoc
}

// SpecTransport validates each exchange against the spec.
type SpecTransport struct {
	tb   testing.TB
	doc  *openapi3.T
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]int // path → validated exchanges
}

// NewSpecTransport is a transport that checks every exchange against the spec.
func NewSpecTransport(tb testing.TB) *SpecTransport {
	return &SpecTransport{tb: tb, doc: LoadSpec(tb), next: http.DefaultTransport, seen: map[string]int{}}
}

var specOptions = &openapi3filter.Options{
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
	MultiError:         true,
}

// RoundTrip sends req and checks the exchange.
func (t *SpecTransport) RoundTrip(req *http.Request) (*http.Response, error) {
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
// not have (the legacy exchange, the Program API, Link's script, document
// downloads); they are not checked.
var outsideSpec = []string{"/exchange_token", "/plaid/", "/profiles/", "/link/v2/", "/_files/"}

// deviations are requests the emulator accepts on purpose although the
// current spec rejects them, each with its reason.
var deviations = []struct {
	path, contains, why string
}{
	{"/processor/token/create", `"processor":"prime_trust"`, "prime_trust is still in plaid-go v20's enum"},
	{"/item/products/terminate", `"reason_code":"FRAUD_TRANSACTION"`, "plaid-node 47 (spec 1.740.1) adds FRAUD_TRANSACTION"},
	{"/credit/sessions/get", `"user_id"`, "plaid-node 47 (1.714.0) takes user_id instead of user_token"},
	{"/credit/bank_income/pdf/get", `"user_id"`, "plaid-node 47 takes user_id instead of user_token"},
	{"/credit/employment/get", `"user_id"`, "plaid-node 47 takes user_id instead of user_token"},
	{"/sandbox/income/fire_webhook", `"webhook_code":"USER_INCOME_VERIFICATION`, "plaid-node 47 (1.718.0) adds the USER_ codes"},
	{"/credit/payroll_income/refresh", `"user_id"`, "plaid-node 47 takes user_id instead of user_token"},
	{"/credit/payroll_income/parsing_config/update", `"user_id"`, "plaid-node 47 takes user_id instead of user_token"},
	{"/credit/bank_statements/uploads/get", `"user_id"`, "plaid-node 47 takes user_id instead of user_token"},
	{"/cra/check_report/base_report/get", `"report_id"`, "plaid-node 47 pins a report with report_id"},
	{"/cra/check_report/income_insights/get", `"report_id"`, "plaid-node 47 pins a report with report_id"},
	{"/cra/check_report/partner_insights/get", `"prism_versions"`, `the spec's Prism version enums are numbers on a string type; plaid-node 47 sends strings ("4")`},
}

func (t *SpecTransport) check(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) {
	path := req.URL.Path
	for _, p := range outsideSpec {
		if strings.HasPrefix(path, p) {
			return
		}
	}
	pi := t.doc.Paths.Find(path)
	if (pi == nil || pi.Post == nil) && slices.Contains(wire.NewerPaths, path) {
		t.checkNewer(path, reqBody, resp, respBody)
		return
	}
	if (pi == nil || pi.Post == nil) && specFallback {
		locked(&notInSpec.Mutex, func() { notInSpec.paths[path] = true })
		return
	}
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
	if strings.HasPrefix(req.Header.Get("Content-Type"), "multipart/form-data") && path == "/transfer/diligence/document/upload" {
		reqErr = nil // Plaid's docs ask for multipart/form-data; the spec declares only JSON
	}
	for _, d := range deviations {
		if d.path == path && strings.Contains(string(reqBody), d.contains) {
			reqErr = nil
		}
	}
	if reqErr != nil && resp.StatusCode < 300 && req.Method == http.MethodPost && !specFallback { // the older spec required what is optional now
		t.tb.Errorf("conformance: %s accepted a request the spec rejects (%d): %v\nrequest: %s", path, resp.StatusCode, short(reqErr), reqBody)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                specOptions,
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil && !(specFallback && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json")) {
		t.tb.Errorf("conformance: %s response (%d) does not match the spec: %v\nbody: %.2000s", path, resp.StatusCode, short(err), respBody)
	}
	locked(&t.mu, func() { t.seen[path]++ })
	if resp.StatusCode == http.StatusOK {
		locked(&validated200.Mutex, func() { validated200.paths[path]++ })
	}
}

// checkNewer holds a path newer than the spec to plaid-node 47's typings
// (typings.go): the request, when the emulator took it, and a 200's body.
func (t *SpecTransport) checkNewer(path string, reqBody []byte, resp *http.Response, respBody []byte) {
	var in, out map[string]any
	if resp.StatusCode < 300 {
		if err := json.Unmarshal(reqBody, &in); err != nil || checkTyped(interfaceOf(path, "Request"), in) != nil {
			t.tb.Errorf("conformance: %s accepted a request plaid-node 47's typings reject: %v\nrequest: %s", path, checkTyped(interfaceOf(path, "Request"), in), reqBody)
		}
	}
	if resp.StatusCode != http.StatusOK {
		return
	}
	if err := json.Unmarshal(respBody, &out); err != nil {
		t.tb.Errorf("conformance: %s answered 200 with no JSON object: %.500s", path, respBody)
		return
	}
	if err := checkTyped(interfaceOf(path, "Response"), out); err != nil {
		t.tb.Errorf("conformance: %s response does not match plaid-node 47's typings: %v\nbody: %.2000s", path, err, respBody)
		return
	}
	locked(&t.mu, func() { t.seen[path]++ })
	locked(&validated200.Mutex, func() { validated200.paths[path]++ })
}

// validated200 counts, across the whole test binary, the 200 responses
// that passed the spec check, per path; TestMain requires one for every
// Plaid path the emulator serves.
var validated200 = struct {
	sync.Mutex
	paths map[string]int
}{paths: map[string]int{}}

// dropEnums removes every enum of doc's schemas: checked against the older
// fallback spec, types, required and nullable fields still hold, but its
// enums predate values the current spec has.
func dropEnums(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		s.Enum = nil
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		for _, list := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range list {
				walk(r)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
	}
	for _, ref := range doc.Components.Schemas {
		walk(ref)
	}
}

// notInSpec are the paths exchanged that the older (fallback) spec lacks.
var notInSpec = struct {
	sync.Mutex
	paths map[string]bool
}{paths: map[string]bool{}}

func short(err error) string {
	s := err.Error()
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}

// Doc is the spec the transport checks against.
func (t *SpecTransport) Doc() *openapi3.T { return t.doc }

// SpecFallback says the spec found is plaid-go's older one: exchanges on
// paths it lacks are counted, not checked.
func SpecFallback() bool { return specFallback }

// locked runs f holding mu.
func locked(mu sync.Locker, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}
