package identity_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

func TestIdentityGet(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"identity"}, nil)
	accts := plaidtest.List(e.Call("/identity/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	owner := plaidtest.Obj(plaidtest.List(plaidtest.Obj(accts[0])["owners"])[0])
	if plaidtest.List(owner["names"])[0] != "Alberta Bobbeth Charleson" || len(plaidtest.List(owner["emails"])) != 3 || len(plaidtest.List(owner["phone_numbers"])) != 3 {
		t.Fatalf("owner = %v", owner)
	}
	addr := plaidtest.Obj(plaidtest.Obj(plaidtest.List(owner["addresses"])[0])["data"])
	if addr["street"] != "2992 Cameron Road" || addr["city"] != "Malakoff" || addr["postal_code"] != "14236" {
		t.Fatalf("address = %v", addr)
	}
}
