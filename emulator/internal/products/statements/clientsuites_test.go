package statements_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// Where plaid-go's and plaid-node's own integration tests, written against
// the real Sandbox, disagreed with the emulator: options.statements on
// /sandbox/public_token/create sets the months listed, and a statement
// carries Plaid-Content-Hash (its SHA-256).
func TestStatementsAsPlaidsSuitesExpect(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"statements"}, map[string]any{
		"statements": map[string]any{"start_date": "2025-01-10", "end_date": "2025-03-20"}})
	accts := plaidtest.List(e.Call("/statements/list", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	var months []string
	for _, s := range plaidtest.List(plaidtest.Obj(accts[0])["statements"]) {
		months = append(months, fmt.Sprintf("%v/%v", plaidtest.Obj(s)["month"], plaidtest.Obj(s)["year"]))
	}
	slices.Sort(months)
	if strings.Join(months, ",") != "1/2025,2/2025,3/2025" {
		t.Fatalf("statements for January–March 2025: %v", months)
	}
	stmt := plaidtest.Obj(plaidtest.List(plaidtest.Obj(accts[0])["statements"])[0])["statement_id"]
	resp, pdf := e.Send(e.Client, "/statements/download", plaidtest.MustJSON(map[string]any{"access_token": it.AccessToken, "statement_id": stmt}))
	sum := sha256.Sum256(pdf)
	if got := resp.Header.Get("Plaid-Content-Hash"); got != hex.EncodeToString(sum[:]) || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("Plaid-Content-Hash %q for a body hashing to %x", got, sum)
	}
}
