package plaidtest

import "testing"

// Transactions as an app reads them: every sync page, a replica built
// from them, every row /transactions/get has.

// SyncAll pages /transactions/sync from cursor until has_more is false and
// returns every page.
func (e *Env) SyncAll(accessToken, cursor string, count int, options map[string]any) []map[string]any {
	e.TB.Helper()
	var pages []map[string]any
	for range 10000 {
		body := map[string]any{"access_token": accessToken, "cursor": cursor, "count": count}
		if options != nil {
			body["options"] = options
		}
		p := e.Call("/transactions/sync", body).OK(e.TB)
		pages = append(pages, p)
		cursor = p["next_cursor"].(string)
		if p["has_more"] != true {
			return pages
		}
	}
	e.TB.Fatal("sync never ended")
	return nil
}

// Replica applies sync pages to a map, as a client does.
type Replica map[string]map[string]any

// Apply applies one page.
func (r Replica) Apply(tb testing.TB, p map[string]any) {
	tb.Helper()
	for _, t := range List(p["added"]) {
		r[Obj(t)["transaction_id"].(string)] = Obj(t)
	}
	for _, t := range List(p["modified"]) {
		r[Obj(t)["transaction_id"].(string)] = Obj(t)
	}
	for _, t := range List(p["removed"]) {
		delete(r, Obj(t)["transaction_id"].(string))
	}
}

// GetAll reads every live row through /transactions/get over a wide range.
func (e *Env) GetAll(accessToken string) map[string]map[string]any {
	e.TB.Helper()
	out := map[string]map[string]any{}
	for offset := 0; ; offset += 500 {
		g := e.Call("/transactions/get", map[string]any{"access_token": accessToken, "start_date": "2000-01-01", "end_date": "2100-01-01",
			"options": map[string]any{"count": 500, "offset": offset}}).OK(e.TB)
		for _, t := range List(g["transactions"]) {
			out[Obj(t)["transaction_id"].(string)] = Obj(t)
		}
		if offset+500 >= int(g["total_transactions"].(float64)) {
			return out
		}
	}
}
