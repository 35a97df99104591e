package emulator_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// The hot-path benchmarks compare the emulator with a ceiling: a bare
// net/http handler writing the same bytes. Both are measured the way a user
// meets them, over loopback HTTP with a keep-alive client, and in-process
// through ServeHTTP (the emulator's own cost, with allocations).

type benchEnv struct {
	srv    *emulator.Server
	url    string
	client *http.Client
	item   item
}

func newBenchEnv(b *testing.B) *benchEnv {
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	b.Cleanup(hs.Close)
	be := &benchEnv{srv: srv, url: hs.URL, client: hs.Client()}
	pt := be.post(b, "/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"]}`)
	at := be.post(b, "/item/public_token/exchange", `{"public_token":"`+field(pt, "public_token")+`"}`)
	be.item = item{accessToken: field(at, "access_token")}
	return be
}

func (be *benchEnv) request(path, body string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, be.url+path, bytes.NewReader([]byte(body)))
	req.Header = http.Header{"Content-Type": {"application/json"}, "Plaid-Client-Id": {testClientID}, "Plaid-Secret": {testSecret}}
	return req
}

func (be *benchEnv) post(b *testing.B, path, body string) []byte {
	resp, err := be.client.Do(be.request(path, body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		b.Fatalf("%s: %d %s", path, resp.StatusCode, raw)
	}
	return raw
}

func field(raw []byte, name string) string {
	key := []byte(`"` + name + `":"`)
	i := bytes.Index(raw, key)
	if i < 0 {
		return ""
	}
	rest := raw[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// ceiling serves body for every request, as bare as net/http allows.
func ceiling(b *testing.B, body []byte) *httptest.Server {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	}))
	b.Cleanup(hs.Close)
	return hs
}

func benchOverHTTP(b *testing.B, client *http.Client, mk func(i int) *http.Request) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := client.Do(mk(i))
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

func BenchmarkHotRead(b *testing.B) {
	for _, path := range []string{"/accounts/balance/get", "/auth/get"} {
		be := newBenchEnv(b)
		body := `{"access_token":"` + be.item.accessToken + `"}`
		sample := be.post(b, path, body)
		ceil := ceiling(b, sample)
		b.Run(path[1:]+"/emulator/http", func(b *testing.B) {
			benchOverHTTP(b, be.client, func(int) *http.Request { return be.request(path, body) })
		})
		b.Run(path[1:]+"/ceiling/http", func(b *testing.B) {
			benchOverHTTP(b, ceil.Client(), func(int) *http.Request {
				r, _ := http.NewRequest(http.MethodPost, ceil.URL+path, bytes.NewReader([]byte(body)))
				r.Header = http.Header{"Content-Type": {"application/json"}}
				return r
			})
		})
		b.Run(path[1:]+"/emulator/handler", func(b *testing.B) {
			h := be.srv.Handler()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, be.request(path, body))
				if w.Code != 200 {
					b.Fatal(w.Body.String())
				}
			}
		})
	}
}

func BenchmarkExchange(b *testing.B) {
	be := newBenchEnv(b)
	// Public tokens are single use: make one per iteration before timing.
	tokens := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = field(be.post(b, "/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["auth"]}`), "public_token")
		}
		return out
	}
	sample := be.post(b, "/item/public_token/exchange", `{"public_token":"`+tokens(1)[0]+`"}`)
	ceil := ceiling(b, sample)
	b.Run("emulator/http", func(b *testing.B) {
		toks := tokens(b.N)
		benchOverHTTP(b, be.client, func(i int) *http.Request {
			return be.request("/item/public_token/exchange", `{"public_token":"`+toks[i]+`"}`)
		})
	})
	b.Run("ceiling/http", func(b *testing.B) {
		benchOverHTTP(b, ceil.Client(), func(int) *http.Request {
			r, _ := http.NewRequest(http.MethodPost, ceil.URL+"/item/public_token/exchange", bytes.NewReader([]byte(`{"public_token":"public-sandbox-00000000-0000-4000-8000-000000000000"}`)))
			r.Header = http.Header{"Content-Type": {"application/json"}}
			return r
		})
	})
}
