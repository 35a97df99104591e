package users_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestNewUserAPI, through plaid-go: /user/create makes a usr_ user (201)
// and finds it again for the same client_user_id (200, the identity sent
// attached); /user/get reads the identity, /user/update merges into it,
// /user/identity/remove clears it; /user/remove ends the user (then
// USER_NOT_FOUND) and the client_user_id makes a new one. Another
// client never sees the user.
func TestNewUserAPI(t *testing.T) {
	e := plaidtest.New(t)
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	made, resp, err := api.UserCreate(ctx).UserCreateRequest(*plaid.NewUserCreateRequest("client-user-1")).Execute()
	plaidtest.Must(t, "user/create", err)
	id := made.GetUserId()
	if resp.StatusCode != 201 || !strings.HasPrefix(id, "usr_") || len(id) != 18 || made.UserToken != "" {
		t.Fatalf("a new user: %d %+v", resp.StatusCode, made)
	}
	identity := map[string]any{"name": map[string]any{"given_name": "Anne", "family_name": "Charleston"},
		"emails": []any{map[string]any{"data": "anne@example.com", "primary": true}}}
	again := e.Call("/user/create", map[string]any{"client_user_id": "client-user-1", "identity": identity})
	if again.Status != 200 || again.Body["user_id"] != id {
		t.Fatalf("the same client_user_id: %d %s", again.Status, again.Raw)
	}
	got := e.Call("/user/get", map[string]any{"user_id": id}).OK(t)
	if got["client_user_id"] != "client-user-1" || plaidtest.Obj(plaidtest.Obj(got["identity"])["name"])["given_name"] != "Anne" {
		t.Fatalf("user/get: %v", got)
	}
	e.Call("/user/update", map[string]any{"user_id": id, "identity": map[string]any{"date_of_birth": "1990-05-06"}}).OK(t)
	got = e.Call("/user/get", map[string]any{"user_id": id}).OK(t)
	if ident := plaidtest.Obj(got["identity"]); ident["date_of_birth"] != "1990-05-06" || plaidtest.Obj(ident["name"])["family_name"] != "Charleston" {
		t.Fatalf("merged identity: %v", ident)
	}
	e.Call("/user/identity/remove", map[string]any{"user_id": id}).OK(t)
	if got := e.Call("/user/get", map[string]any{"user_id": id}).OK(t); got["identity"] != nil {
		t.Fatalf("identity after removal: %v", got["identity"])
	}
	e.CallAs("other", "x", "/user/get", map[string]any{"user_id": id}).PlaidErr(t, 400, "USER_ERROR", "USER_NOT_FOUND")
	e.Call("/user/remove", map[string]any{"user_id": id}).OK(t)
	e.Call("/user/get", map[string]any{"user_id": id}).PlaidErr(t, 400, "USER_ERROR", "USER_NOT_FOUND")
	if again := e.Call("/user/create", map[string]any{"client_user_id": "client-user-1"}); again.Status != 201 || again.Body["user_id"] == id {
		t.Fatalf("after removal the client_user_id makes a new user: %d %s", again.Status, again.Raw)
	}
	e.Call("/user/get", map[string]any{"user_id": "not-a-usr-id"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_ID")
}

// TestLegacyUserAPI: with Plaid-New-User-API-Enabled: false (or a client
// whose fixture says user_api: legacy) /user/create gives a user_token and
// an unprefixed id; identity is the new API's (INVALID_FIELD), the
// consumer-report identity is taken and read back in the new shape; a
// client_user_id is never reused; the token works as user_token and, as
// Plaid's migration allows, as user_id; a usr_ id in user_token and an
// unknown token are refused.
func TestLegacyUserAPI(t *testing.T) {
	e := plaidtest.New(t)
	legacy := http.Header{"Content-Type": {"application/json"}, "PLAID-CLIENT-ID": {plaidtest.ClientID}, "PLAID-SECRET": {plaidtest.Secret},
		"Plaid-New-User-API-Enabled": {"false"}}
	create := func(body map[string]any) plaidtest.Result { return e.Do("POST", "/user/create", legacy, body) }
	create(map[string]any{"client_user_id": "legacy-1", "identity": map[string]any{"date_of_birth": "1990-01-01"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	made := create(map[string]any{"client_user_id": "legacy-1", "consumer_report_user_identity": map[string]any{"first_name": "Carmen",
		"last_name": "Berzatto", "phone_numbers": []string{"+13125550100"}, "emails": []string{"carmen@example.com"}, "date_of_birth": "1987-01-31",
		"primary_address": map[string]any{"street": "1 Beef Lane", "city": "Chicago", "region": "IL", "postal_code": "60601", "country": "US"}}}).OK(t)
	tok, id := made["user_token"].(string), made["user_id"].(string)
	if !strings.HasPrefix(tok, "user-sandbox-") || strings.HasPrefix(id, "usr_") || len(id) != 29 {
		t.Fatalf("a legacy user: %v", made)
	}
	create(map[string]any{"client_user_id": "legacy-1"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	got := e.Call("/user/get", map[string]any{"user_id": tok}).OK(t)
	ident := plaidtest.Obj(got["identity"])
	if plaidtest.Obj(ident["name"])["family_name"] != "Berzatto" || plaidtest.Obj(plaidtest.List(ident["addresses"])[0])["city"] != "Chicago" {
		t.Fatalf("the legacy identity, read in the new shape: %v", got)
	}
	e.Call("/user/items/get", map[string]any{"user_token": tok}).OK(t)
	e.Call("/user/items/get", map[string]any{"user_token": "usr_1234"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/user/items/get", map[string]any{"user_token": "user-sandbox-nope"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_TOKEN")
	e.Call("/user/items/get", map[string]any{"user_id": id}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_ID") // the legacy id works nowhere
	e.Call("/user/items/get", map[string]any{}).PlaidErr(t, 400, "INVALID_REQUEST", "MISSING_FIELDS")
	// with_upgraded_user picks the new API for this call.
	if up := create(map[string]any{"client_user_id": "legacy-2", "with_upgraded_user": true}); up.Status != 201 || !strings.HasPrefix(up.Body["user_id"].(string), "usr_") {
		t.Fatalf("upgraded: %d %s", up.Status, up.Raw)
	}
	e.CallAs("other", "x", "/user/items/get", map[string]any{"user_token": tok}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_TOKEN")
}

// TestUserItems: Items associated with a user are listed with their state;
// /sandbox/user/reset_login puts them into ITEM_LOGIN_REQUIRED (the
// webhook says so); /user/items/remove removes only the user's (all or
// none); /user/remove takes the remaining Items with the user.
func TestUserItems(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "with-items"}).Body["user_id"].(string)
	a := e.Link("ins_109508", []string{"transactions"}, map[string]any{"webhook": rv.URL})
	b := e.Link("ins_109511", []string{"auth"}, nil)
	stranger := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/user/items/associate", map[string]any{"user_id": uid, "item_ids": []string{a.ItemID, b.ItemID}}).OK(t)
	e.CallAs("other", "x", "/user/items/associate", map[string]any{"user_id": uid, "item_ids": []string{a.ItemID}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	items := plaidtest.List(e.Call("/user/items/get", map[string]any{"user_id": uid}).OK(t)["items"])
	if len(items) != 2 || plaidtest.Obj(items[0])["item_id"] != a.ItemID {
		t.Fatalf("user items: %v", items)
	}
	e.Call("/sandbox/user/reset_login", map[string]any{"user_id": uid}).OK(t)
	for _, it := range plaidtest.List(e.Call("/user/items/get", map[string]any{"user_id": uid}).OK(t)["items"]) {
		if plaidtest.Obj(plaidtest.Obj(it)["error"])["error_code"] != "ITEM_LOGIN_REQUIRED" {
			t.Fatalf("after reset_login: %v", it)
		}
	}
	if d := rv.WaitFor(t, "ERROR"); plaidtest.Obj(d.Body["error"])["error_code"] != "ITEM_LOGIN_REQUIRED" {
		t.Fatalf("webhook: %s", d.Raw)
	}
	e.Call("/user/items/remove", map[string]any{"user_id": uid, "item_ids": []string{b.ItemID, stranger.ItemID}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/item/get", map[string]any{"access_token": b.AccessToken}).OK(t) // nothing removed
	e.Call("/user/items/remove", map[string]any{"user_id": uid, "item_ids": []string{b.ItemID}}).OK(t)
	e.Call("/item/get", map[string]any{"access_token": b.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/user/remove", map[string]any{"user_id": uid}).OK(t)
	e.Call("/item/get", map[string]any{"access_token": a.AccessToken}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN")
	e.Call("/item/get", map[string]any{"access_token": stranger.AccessToken}).OK(t)
}

// TestLinkAttachesItemsToUser: an Item made in Link with a link token that
// names the user (user_id, or a legacy user_token) is the user's; an
// unknown user_id makes no link token.
func TestLinkAttachesItemsToUser(t *testing.T) {
	e := plaidtest.New(t)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "linker"}).Body["user_id"].(string)
	lt := e.LinkToken(map[string]any{"products": []string{"transactions"}, "user_id": uid})
	done := e.CompleteLink(map[string]any{"link_token": lt}).OK(t)
	ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": done["public_token"]}).OK(t)
	items := plaidtest.List(e.Call("/user/items/get", map[string]any{"user_id": uid}).OK(t)["items"])
	if len(items) != 1 || plaidtest.Obj(items[0])["item_id"] != ex["item_id"] {
		t.Fatalf("the user's Items after Link: %v", items)
	}
	e.Call("/link/token/create", map[string]any{"client_name": "Acme", "language": "en", "country_codes": []string{"US"}, "products": []string{"auth"},
		"user_id": "usr_nobody000000000"}).PlaidErr(t, 400, "USER_ERROR", "USER_NOT_FOUND")
}

// TestUserTokensTerminateRefresh: a third-party token is made for the
// user (a past expiration refused) and removed once; terminate checks the
// reason and the user; refreshing the user answers each of its
// Transactions Items, one in error with its error; another client's user
// is refused.
func TestUserTokensTerminateRefresh(t *testing.T) {
	e := plaidtest.New(t)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "partnered"}).Body["user_id"].(string)
	tok := e.Call("/user/third_party_token/create", map[string]any{"user_id": uid, "third_party_client_id": "partner-co"}).OK(t)["third_party_user_token"].(string)
	if !strings.HasPrefix(tok, "third-party-user-sandbox-") {
		t.Fatalf("token %q", tok)
	}
	e.Call("/user/third_party_token/create", map[string]any{"user_id": uid, "third_party_client_id": "p", "expiration_time": "2001-01-01T00:00:00Z"}).
		PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	if r := e.Call("/user/third_party_token/remove", map[string]any{"third_party_user_token": tok}).OK(t); r["removed"] != true {
		t.Fatalf("remove: %v", r)
	}
	e.Call("/user/third_party_token/remove", map[string]any{"third_party_user_token": tok}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/user/products/terminate", map[string]any{"user_id": uid, "reason_code": "USER_OFFBOARDING"}).OK(t)
	e.Call("/user/products/terminate", map[string]any{"user_id": uid, "reason_code": "BORED"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	good := e.Link("ins_109508", []string{"transactions"}, nil)
	broken := e.Link("ins_109508", []string{"transactions"}, nil)
	e.Call("/sandbox/item/reset_login", map[string]any{"access_token": broken.AccessToken}).OK(t)
	e.Call("/user/items/associate", map[string]any{"user_id": uid, "item_ids": []string{good.ItemID, broken.ItemID}}).OK(t)
	for _, path := range []string{"/user/transactions/refresh", "/user/financial_data/refresh"} {
		res := plaidtest.List(e.Call(path, map[string]any{"user_id": uid}).OK(t)["results"])
		if len(res) != 2 || plaidtest.Obj(res[0])["error"] != nil || plaidtest.Obj(plaidtest.Obj(res[1])["error"])["error_code"] != "ITEM_LOGIN_REQUIRED" {
			t.Fatalf("%s: %v", path, res)
		}
	}
	e.CallAs("other", "x", "/user/transactions/refresh", map[string]any{"user_id": uid}).PlaidErr(t, 400, "USER_ERROR", "USER_NOT_FOUND")
}

// TestSandboxPublicTokenForUser: /sandbox/public_token/create with a
// user's user_id (or legacy user_token) makes the Item the user's, as
// Link does; an unknown user makes no Item.
func TestSandboxPublicTokenForUser(t *testing.T) {
	e := plaidtest.New(t)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "shortcut"}).Body["user_id"].(string)
	pt := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"},
		"user_id": uid}).OK(t)["public_token"]
	ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt}).OK(t)
	items := plaidtest.List(e.Call("/user/items/get", map[string]any{"user_id": uid}).OK(t)["items"])
	if len(items) != 1 || plaidtest.Obj(items[0])["item_id"] != ex["item_id"] {
		t.Fatalf("the user's Items: %v", items)
	}
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"transactions"},
		"user_token": "user-sandbox-nobody"}).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_USER_TOKEN")
}

// TestUserAdminViews: /_emulator/users lists users newest first (paged,
// per client), /_emulator/users/{id} shows one with its Items; bad paging
// and an unknown user are JSON errors in words.
func TestUserAdminViews(t *testing.T) {
	e := plaidtest.New(t)
	first := e.Call("/user/create", map[string]any{"client_user_id": "a"}).Body["user_id"].(string)
	e.Clock(map[string]any{"advance": "1m"})
	second := e.Call("/user/create", map[string]any{"client_user_id": "b"}).Body["user_id"].(string)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/user/items/associate", map[string]any{"user_id": second, "item_ids": []string{it.ItemID}}).OK(t)
	e.CallAs("other", "x", "/user/create", map[string]any{"client_user_id": "c"})
	get := func(path string) plaidtest.Result { return e.Do("GET", path, nil, nil) }
	list := get("/_emulator/users?client_id=" + plaidtest.ClientID)
	users := plaidtest.List(list.Body["users"])
	if list.Status != 200 || list.Body["total"] != 2.0 || plaidtest.Obj(users[0])["user_id"] != second || plaidtest.Obj(users[1])["user_id"] != first {
		t.Fatalf("users, newest first: %d %s", list.Status, list.Raw)
	}
	if all := get("/_emulator/users?count=1&offset=1"); all.Body["total"] != 3.0 || len(plaidtest.List(all.Body["users"])) != 1 {
		t.Fatalf("every client's, paged: %s", all.Raw)
	}
	one := get("/_emulator/users/" + second)
	items := plaidtest.List(one.Body["items"])
	if one.Status != 200 || len(items) != 1 || plaidtest.Obj(items[0])["item_id"] != it.ItemID || plaidtest.Obj(items[0])["status"] != "HEALTHY" {
		t.Fatalf("one user: %d %s", one.Status, one.Raw)
	}
	for path, status := range map[string]int{"/_emulator/users?count=abc": 400, "/_emulator/users?offset=-1": 400, "/_emulator/users/usr_nobody": 404} {
		if r := get(path); r.Status != status || r.Body["error"] == nil {
			t.Errorf("%s: %d %s", path, r.Status, r.Raw)
		}
	}
}

// TestSandboxUserFireWebhook: /sandbox/user/fire_webhook sends a
// Consumer Report webhook about the user (its id and Items) to the URL
// given; a code or type it does not have, and another client's user, are
// refused.
func TestSandboxUserFireWebhook(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	uid := e.Call("/user/create", map[string]any{"client_user_id": "cra"}).Body["user_id"].(string)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	e.Call("/user/items/associate", map[string]any{"user_id": uid, "item_ids": []string{it.ItemID}}).OK(t)
	fire := func(code string) plaidtest.Result {
		return e.Call("/sandbox/user/fire_webhook", map[string]any{"user_id": uid, "webhook_type": "CHECK_REPORT", "webhook_code": code, "webhook": rv.URL})
	}
	fire("USER_CHECK_REPORT_READY").OK(t)
	w := rv.WaitFor(t, "USER_CHECK_REPORT_READY")
	if w.Body["user_id"] != uid || len(plaidtest.List(w.Body["item_ids"])) != 1 || w.Body["item_id"] != nil {
		t.Fatalf("webhook: %v", w.Body)
	}
	fire("CHECK_REPORT_FAILED").OK(t)
	rv.WaitFor(t, "CHECK_REPORT_FAILED")
	fire("INCOME_VERIFICATION").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.CallAs("other", "x", "/sandbox/user/fire_webhook", map[string]any{"user_id": uid, "webhook_type": "CHECK_REPORT",
		"webhook_code": "CHECK_REPORT_READY", "webhook": rv.URL}).PlaidErr(t, 400, "USER_ERROR", "USER_NOT_FOUND")
}
