package emulatortest_test

import "net/http"

type plaidPing struct{ url string }

func (p *plaidPing) ping() (*http.Response, error) {
	resp, err := http.Get(p.url + "/_emulator/health")
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}
