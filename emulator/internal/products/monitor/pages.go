package monitor

import (
	"net/http"
	"slices"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The admin side: the screenings (GET /_emulator/monitor), one with its
// hits, reviews and history (GET /_emulator/monitor/{id}), and a rescan of
// every screening now (POST /_emulator/monitor/rescan), as a list refresh
// would, with the webhooks it makes. Views only read.

// Pages are the admin routes.
func (a *API) Pages() []product.Page {
	op := func(e product.Endpoint) product.Page {
		e.NoAuth = true
		return product.Page{Method: http.MethodPost, Path: e.Path, Op: &e}
	}
	return []product.Page{
		{Method: http.MethodGet, Path: "/_emulator/monitor", Serve: a.serveList},
		{Method: http.MethodGet, Path: "/_emulator/monitor/", Serve: a.serveOne},
		op(product.Op("/_emulator/monitor/rescan", a.handleRescan)),
		op(product.Op("/_emulator/monitor/status", a.handleStatus)),
	}
}

// serveList serves GET /_emulator/monitor?client_id=&status=&offset=&count=:
// screenings, newest first.
func (a *API) serveList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, err := wire.QueryInt(q, "offset", 0, 0, 1<<30)
	count := 50
	if err == nil {
		count, err = wire.QueryInt(q, "count", 50, 1, 500)
	}
	if err != nil {
		wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	client, status := q.Get("client_id"), q.Get("status")
	out, total := func() ([]any, int) {
		a.mu.Lock()
		defer a.mu.Unlock()
		out, total := []any{}, 0
		for s := range a.st.Screenings.Newest() {
			if client != "" && s.ClientID != client || status != "" && s.Current.Status != status {
				continue
			}
			if total >= offset && len(out) < count {
				v := s.view()
				v["kind"], v["client_id"], v["hits"] = s.Kind, s.ClientID, len(s.Hits)
				out = append(out, v)
			}
			total++
		}
		return out, total
	}()
	wire.WriteJSON(w, http.StatusOK, map[string]any{"screenings": out, "total": total})
}

// serveOne serves GET /_emulator/monitor/{id}: the screening with its
// hits, reviews and earlier versions.
func (a *API) serveOne(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/_emulator/monitor/")
	fx := a.door.Fixtures()
	v := func() map[string]any {
		a.mu.Lock()
		defer a.mu.Unlock()
		s := a.st.Screenings.ByID[id]
		if s == nil {
			return nil
		}
		k := kindOf(s.Kind)
		hits, reviews, history := []any{}, []any{}, []any{}
		for _, h := range s.Hits {
			hits = append(hits, hitView(k, h, fx))
		}
		for _, rv := range slices.Backward(s.Reviews) {
			reviews = append(reviews, reviewView(rv))
		}
		for _, old := range slices.Backward(s.History) {
			history = append(history, versionView(k, s.ID, old))
		}
		out := s.view()
		out["kind"], out["client_id"], out["hits"], out["reviews"], out["history"] = s.Kind, s.ClientID, hits, reviews, history
		return out
	}()
	if v == nil {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no screening " + wire.Clip(id, 60)})
		return
	}
	wire.WriteJSON(w, http.StatusOK, v)
}

type rescanRequest struct{}

type rescanAnswer struct {
	Rescanned int      `json:"rescanned"`
	Flagged   []string `json:"flagged"`
}

// handleRescan serves POST /_emulator/monitor/rescan: every screening of a
// program that rescans is screened again now; those a new hit puts back
// in review are listed (and sent STATUS_UPDATED).
func (a *API) handleRescan(c *product.Call, _ *rescanRequest) (any, *wire.Error) {
	n, flagged, events := a.rescanAll(c.Fixtures, c.Now, true)
	c.Emit(events...)
	return &rescanAnswer{Rescanned: n, Flagged: product.NonNil(flagged)}, nil
}

type statusRequest struct {
	ID     string `json:"screening_id" plaid:"required"`
	Status string `json:"status" plaid:"required"`
}

// handleStatus serves POST /_emulator/monitor/status: what a reviewer does
// in Plaid's Dashboard, a screening (individual or entity, whoever's)
// set to cleared, pending_review or rejected: a new version, and
// STATUS_UPDATED when the status changes.
func (a *API) handleStatus(c *product.Call, req *statusRequest) (any, *wire.Error) {
	if req.Status != "cleared" && req.Status != "pending_review" && req.Status != "rejected" {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("status must be cleared, pending_review or rejected")
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st.Screenings.ByID[req.ID]
	if s == nil {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("no screening %q", wire.Clip(req.ID, 60))
	}
	if s.Current.Status != req.Status {
		s.History = append(s.History, s.Current)
		if n := len(s.History); n > maxHistory {
			s.History = slices.Delete(s.History, 0, n-maxHistory)
		}
		s.Current.Status, s.Current.Version, s.Current.Source, s.Current.At = req.Status, s.Current.Version+1, "dashboard", c.Now
		c.Emit(a.statusWebhook(c.Fixtures, s))
		a.door.StateChanged(a.Name())
	}
	return answer(s.view()), nil
}

// Triggers make Monitor's webhook for a screening (by its id): its status
// set as a reviewer would (STATUS_UPDATED; ENTITY_SCREENING for an entity).
func (a *API) Triggers() []product.Trigger {
	set := func(status string) product.Trigger {
		return product.Trigger{Name: "screening." + status, WebhookType: "SCREENING", WebhookCode: "STATUS_UPDATED", Subject: "screening",
			IDField: "screening_id", Path: "/_emulator/monitor/status", Body: map[string]any{"status": status},
			Description: "a screening set to " + status + " as a reviewer would (ENTITY_SCREENING for an entity's)"}
	}
	return []product.Trigger{set("pending_review"), set("cleared"), set("rejected")}
}
