package users

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The dashboard's view of Plaid users: GET /_emulator/users (newest
// first, paged) and GET /_emulator/users/{user_id} (one with its Items).
// Admin routes: the admin token guards them; they only read.

// Pages are the users' admin routes.
func (a *API) Pages() []product.Page {
	return []product.Page{{Method: http.MethodGet, Path: "/_emulator/users", Serve: a.serveList},
		{Method: http.MethodGet, Path: "/_emulator/users/", Serve: a.serveOne}}
}

type userView struct {
	UserID       string `json:"user_id"`
	ClientID     string `json:"client_id"`
	ClientUserID string `json:"client_user_id"`
	API          string `json:"user_api"`
	CreatedAt    string `json:"created_at"`
	ItemCount    int    `json:"item_count"`
}

func (u *User) adminView() userView {
	api := "new"
	if u.Legacy {
		api = "legacy"
	}
	return userView{UserID: u.ID, ClientID: u.ClientID, ClientUserID: u.ClientUserID, API: api, CreatedAt: product.RFC3339(u.Created), ItemCount: len(u.ItemIDs)}
}

// serveList serves GET /_emulator/users?client_id=&offset=&count=.
func (a *API) serveList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, err := wire.QueryInt(q, "offset", 0, 0, 1<<30)
	if err == nil {
		var count int
		if count, err = wire.QueryInt(q, "count", 50, 1, 500); err == nil {
			client := q.Get("client_id")
			all := func() []userView {
				a.mu.Lock()
				defer a.mu.Unlock()
				var out []userView
				for _, u := range a.st.Users {
					if client == "" || u.ClientID == client {
						out = append(out, u.adminView())
					}
				}
				return out
			}()
			slices.SortFunc(all, func(x, y userView) int {
				return cmp.Or(strings.Compare(y.CreatedAt, x.CreatedAt), strings.Compare(x.UserID, y.UserID))
			})
			page := all[min(offset, len(all)):min(offset+count, len(all))]
			wire.WriteJSON(w, http.StatusOK, map[string]any{"users": append([]userView{}, page...), "total": len(all)})
			return
		}
	}
	wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
}

// serveOne serves GET /_emulator/users/{user_id}: the user, its identity
// and its Items with their state.
func (a *API) serveOne(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_emulator/users/")
	u, ok := func() (User, bool) {
		a.mu.Lock()
		defer a.mu.Unlock()
		u := a.st.Users[id]
		if u == nil {
			return User{}, false
		}
		c := *u
		c.ItemIDs = slices.Clone(u.ItemIDs)
		return c, true
	}()
	if !ok {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no Plaid user " + wire.Clip(id, 60)})
		return
	}
	items := []map[string]any{}
	for _, itemID := range u.ItemIDs {
		it, ok := a.door.ItemByID(itemID)
		if !ok {
			continue
		}
		status := "HEALTHY"
		if it.Err != nil {
			status = it.Err.ErrorCode
		}
		items = append(items, map[string]any{"item_id": it.ID, "institution_id": it.InstitutionID, "institution_name": it.InstitutionName,
			"status": status, "products": it.Products, "username": it.Username})
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"user": u.adminView(), "identity": u.Identity, "items": items})
}
