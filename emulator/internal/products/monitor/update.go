package monitor

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// dashboardUsers are the Sandbox's reviewers a screening can be assigned to.
var dashboardUsers = []map[string]any{
	{"id": "usr_sandbox_reviewer1", "email_address": "reviewer@example.com", "status": "active"},
	{"id": "usr_sandbox_reviewer2", "email_address": "compliance@example.com", "status": "active"},
}

type updateRequest struct {
	idRequest
	SearchTerms  *termsIn `json:"search_terms"`
	Assignee     *string  `json:"assignee"`
	Status       *string  `json:"status"`
	ClientUserID *string  `json:"client_user_id"`
	ResetFields  []string `json:"reset_fields"`
}

// update serves POST /watchlist_screening/{kind}/update: a new version of
// the screening. New terms screen it again (new hits: pending_review); a
// status sets it; either change of status sends STATUS_UPDATED.
func (a *API) update(k *kind) func(*product.Call, *updateRequest) (any, *wire.Error) {
	return func(c *product.Call, req *updateRequest) (any, *wire.Error) {
		switch {
		case req.SearchTerms != nil && req.Status != nil:
			return nil, wire.New(wire.CodeInvalidField).WithMessage("search_terms and status cannot change together: new terms may change the status themselves")
		case req.Assignee != nil && slices.Contains(req.ResetFields, "assignee"):
			return nil, wire.New(wire.CodeInvalidField).WithMessage("assignee cannot be both set and reset")
		case req.Assignee != nil && !slices.ContainsFunc(dashboardUsers, func(u map[string]any) bool { return u["id"] == *req.Assignee }):
			return nil, wire.New(wire.CodeInvalidField).WithMessage("assignee must be a dashboard user's id (/dashboard_user/list)")
		}
		for _, f := range req.ResetFields {
			if f != "assignee" {
				return nil, wire.New(wire.CodeInvalidField).WithMessage("reset_fields can name only assignee")
			}
		}
		return a.read(c, k, req.id(), func(s *Screening) (any, *wire.Error) {
			next := s.Current
			if req.SearchTerms != nil {
				t, err := req.SearchTerms.apply(c, k, next.Terms)
				if err != nil {
					return nil, err
				}
				next.Terms = t
			} else if p := c.Fixtures.Program(next.Terms.Program); p != nil && p.Archived {
				return nil, wire.New(wire.CodeInvalidField).WithMessage("program %s is archived: its screenings cannot change", p.ID)
			}
			if req.Status != nil {
				next.Status = *req.Status
			}
			if req.Assignee != nil {
				next.Assignee = *req.Assignee
			}
			if slices.Contains(req.ResetFields, "assignee") {
				next.Assignee = ""
			}
			if req.ClientUserID != nil {
				next.ClientUserID = *req.ClientUserID
			}
			next.Version, next.Source, next.At = s.Current.Version+1, "api", c.Now
			before := s.Current.Status
			s.History = append(s.History, s.Current)
			if n := len(s.History); n > maxHistory {
				s.History = slices.Delete(s.History, 0, n-maxHistory)
			}
			s.Current = next
			if req.SearchTerms != nil && a.screenLocked(s, c.Fixtures, c.Now) {
				s.Current.Status = "pending_review"
			}
			if s.Current.Status != before {
				c.Emit(a.statusWebhook(c.Fixtures, s))
			}
			a.door.StateChanged(a.Name())
			return answer(s.view()), nil
		})
	}
}

// statusWebhook is a screening's STATUS_UPDATED, to the client's Dashboard webhook.
func (a *API) statusWebhook(fx *fixtures.Set, s *Screening) product.Event {
	k := kindOf(s.Kind)
	return product.WebhookTo{Outgoing: product.Outgoing{It: product.Item{ClientID: s.ClientID}, To: fx.DashboardWebhookOf(s.ClientID),
		Type: k.hookType, Code: "STATUS_UPDATED", Fields: map[string]any{k.hookField: s.ID}}}
}

// history serves POST /watchlist_screening/{kind}/history/list: the
// screening's earlier versions, newest first.
func (a *API) history(k *kind) func(*product.Call, *idRequest) (any, *wire.Error) {
	return func(c *product.Call, req *idRequest) (any, *wire.Error) {
		from, err := cursor(req.Cursor)
		if err != nil {
			return nil, err
		}
		return a.read(c, k, req.id(), func(s *Screening) (any, *wire.Error) {
			var all []any
			for i := len(s.History) - 1; i >= 0; i-- {
				all = append(all, versionView(k, s.ID, s.History[i]))
			}
			items, next := pageOf(all, from)
			return answer{k.list: items, "next_cursor": next}, nil
		})
	}
}

// hitList serves POST /watchlist_screening/{kind}/hit/list.
func (a *API) hitList(k *kind) func(*product.Call, *idRequest) (any, *wire.Error) {
	return func(c *product.Call, req *idRequest) (any, *wire.Error) {
		from, err := cursor(req.Cursor)
		if err != nil {
			return nil, err
		}
		return a.read(c, k, req.id(), func(s *Screening) (any, *wire.Error) {
			var all []any
			for _, h := range s.Hits {
				all = append(all, hitView(k, h, c.Fixtures))
			}
			items, next := pageOf(all, from)
			return answer{k.hits: items, "next_cursor": next}, nil
		})
	}
}

type reviewRequest struct {
	idRequest
	Confirmed []string `json:"confirmed_hits"`
	Dismissed []string `json:"dismissed_hits"`
	Comment   *string  `json:"comment"`
}

// reviewCreate serves POST /watchlist_screening/{kind}/review/create: the
// hits confirmed or dismissed are frozen; the screening's status is the
// reviewer's to set (update).
func (a *API) reviewCreate(k *kind) func(*product.Call, *reviewRequest) (any, *wire.Error) {
	return func(c *product.Call, req *reviewRequest) (any, *wire.Error) {
		return a.read(c, k, req.id(), func(s *Screening) (any, *wire.Error) {
			for _, id := range slices.Concat(req.Confirmed, req.Dismissed) {
				if !slices.ContainsFunc(s.Hits, func(h Hit) bool { return h.ID == id }) {
					return nil, wire.New(wire.CodeInvalidField).WithMessage("hit %q is not one of screening %s's", wire.Clip(id, 60), s.ID)
				}
			}
			for i := range s.Hits {
				switch h := &s.Hits[i]; {
				case slices.Contains(req.Confirmed, h.ID):
					h.Review = "confirmed"
				case slices.Contains(req.Dismissed, h.ID):
					h.Review = "dismissed"
				}
			}
			r := Review{ID: k.reviewPrefix + strings.ReplaceAll(a.door.NewUUID(), "-", "")[:14], Confirmed: product.NonNil(req.Confirmed),
				Dismissed: product.NonNil(req.Dismissed), Comment: product.Deref(req.Comment, ""), At: c.Now}
			s.Reviews = append(s.Reviews, r)
			if n := len(s.Reviews); n > maxHistory {
				s.Reviews = slices.Delete(s.Reviews, 0, n-maxHistory)
			}
			a.door.StateChanged(a.Name())
			return answer(reviewView(r)), nil
		})
	}
}

func reviewView(r Review) map[string]any {
	var comment any
	if r.Comment != "" {
		comment = r.Comment
	}
	return map[string]any{"id": r.ID, "confirmed_hits": r.Confirmed, "dismissed_hits": r.Dismissed, "comment": comment,
		"audit_trail": map[string]any{"source": "api", "dashboard_user_id": nil, "timestamp": product.RFC3339(r.At)}}
}

// reviewList serves POST /watchlist_screening/{kind}/review/list: newest first.
func (a *API) reviewList(k *kind) func(*product.Call, *idRequest) (any, *wire.Error) {
	return func(c *product.Call, req *idRequest) (any, *wire.Error) {
		from, err := cursor(req.Cursor)
		if err != nil {
			return nil, err
		}
		return a.read(c, k, req.id(), func(s *Screening) (any, *wire.Error) {
			var all []any
			for i := len(s.Reviews) - 1; i >= 0; i-- {
				all = append(all, reviewView(s.Reviews[i]))
			}
			items, next := pageOf(all, from)
			return answer{k.reviews: items, "next_cursor": next}, nil
		})
	}
}

// programView is a program as the API shows it.
func programView(p fixtures.WatchlistProgram, started time.Time) map[string]any {
	return map[string]any{"id": p.ID, "created_at": product.RFC3339(started), "is_rescanning_enabled": p.Rescans(), "lists_enabled": p.Lists(),
		"name": p.Name, "name_sensitivity": p.Sensitivity(), "is_archived": p.Archived,
		"audit_trail": map[string]any{"source": "dashboard", "dashboard_user_id": nil, "timestamp": product.RFC3339(started)}}
}

type programRequest struct {
	product.Credentials
	Program       *string `json:"watchlist_program_id"`
	EntityProgram *string `json:"entity_watchlist_program_id"`
	Cursor        *string `json:"cursor"`
}

func (a *API) programGet(k *kind) func(*product.Call, *programRequest) (any, *wire.Error) {
	return func(c *product.Call, req *programRequest) (any, *wire.Error) {
		if err := access(c); err != nil {
			return nil, err
		}
		id := product.Deref(req.Program, product.Deref(req.EntityProgram, ""))
		for _, p := range programs(c.Fixtures, k) {
			if p.ID == id {
				return answer(programView(p, c.Started)), nil
			}
		}
		return nil, wire.New(wire.CodeInvalidField).WithMessage("%s %q names no %s program of this client", k.program, wire.Clip(id, 60), k.name)
	}
}

func (a *API) programList(k *kind) func(*product.Call, *programRequest) (any, *wire.Error) {
	return func(c *product.Call, req *programRequest) (any, *wire.Error) {
		if err := access(c); err != nil {
			return nil, err
		}
		from, err := cursor(req.Cursor)
		if err != nil {
			return nil, err
		}
		var all []any
		for _, p := range programs(c.Fixtures, k) {
			all = append(all, programView(p, c.Started))
		}
		items, next := pageOf(all, from)
		return answer{k.programs: items, "next_cursor": next}, nil
	}
}

type dashboardUserRequest struct {
	product.Credentials
	ID     *string `json:"dashboard_user_id"`
	Cursor *string `json:"cursor"`
}

func dashboardUserView(u map[string]any, started time.Time) map[string]any {
	return map[string]any{"id": u["id"], "created_at": product.RFC3339(started), "email_address": u["email_address"], "status": u["status"]}
}

// dashboardUserGet serves POST /dashboard_user/get: the Sandbox's reviewers.
func (a *API) dashboardUserGet(c *product.Call, req *dashboardUserRequest) (any, *wire.Error) {
	for _, u := range dashboardUsers {
		if u["id"] == product.Deref(req.ID, "") {
			return answer(dashboardUserView(u, c.Started)), nil
		}
	}
	return nil, wire.New(wire.CodeInvalidField).WithMessage("dashboard_user_id %q names no dashboard user", wire.Clip(product.Deref(req.ID, ""), 60))
}

// dashboardUserList serves POST /dashboard_user/list.
func (a *API) dashboardUserList(c *product.Call, req *dashboardUserRequest) (any, *wire.Error) {
	from, err := cursor(req.Cursor)
	if err != nil {
		return nil, err
	}
	var all []any
	for _, u := range dashboardUsers {
		all = append(all, dashboardUserView(u, c.Started))
	}
	items, next := pageOf(all, from)
	return answer{"dashboard_users": items, "next_cursor": next}, nil
}
