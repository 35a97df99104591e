package monitor

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// page is how many entries a list page holds.
const page = 20

type termsIn struct {
	Program       *string `json:"watchlist_program_id"`
	EntityProgram *string `json:"entity_watchlist_program_id"`
	LegalName     *string `json:"legal_name"`
	DOB           *string `json:"date_of_birth"`
	Document      *string `json:"document_number"`
	Country       *string `json:"country"`
	Email         *string `json:"email_address"`
	Phone         *string `json:"phone_number"`
	URL           *string `json:"url"`
}

var letter = regexp.MustCompile(`\pL`)

// apply lays the terms sent over t and checks them.
func (in *termsIn) apply(c *product.Call, k *kind, t Terms) (Terms, *wire.Error) {
	bad := func(format string, args ...any) (Terms, *wire.Error) {
		return t, wire.New(wire.CodeInvalidField).WithMessage(format, args...)
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.Program, in.Program)
	set(&t.Program, in.EntityProgram)
	set(&t.LegalName, in.LegalName)
	set(&t.DOB, in.DOB)
	set(&t.Document, in.Document)
	set(&t.Country, in.Country)
	set(&t.Email, in.Email)
	set(&t.Phone, in.Phone)
	set(&t.URL, in.URL)
	p := c.Fixtures.Program(t.Program)
	switch {
	case p == nil || p.ProgramKind() != k.name:
		return bad("search_terms.%s %q names no %s program of this client", k.program, wire.Clip(t.Program, 60), k.name)
	case p.Archived:
		return bad("program %s is archived: its screenings cannot change", p.ID)
	case !letter.MatchString(t.LegalName) || len(t.LegalName) > 100 || strings.TrimSpace(t.LegalName) != t.LegalName:
		return bad("search_terms.legal_name needs a letter, at most 100 characters and no leading or trailing space")
	case t.Document != "" && (len(t.Document) < 4 || len(t.Document) > 32):
		return bad("search_terms.document_number must be 4 to 32 characters")
	case t.Country != "" && len(t.Country) != 2:
		return bad("search_terms.country must be a two-letter ISO 3166 code")
	}
	return t, nil
}

type createRequest struct {
	product.Credentials
	SearchTerms  termsIn `json:"search_terms"`
	ClientUserID *string `json:"client_user_id"`
}

// create serves POST /watchlist_screening/{kind}/create: the screening,
// matched at once (pending_review with hits, cleared without).
func (a *API) create(k *kind) func(*product.Call, *createRequest) (any, *wire.Error) {
	return func(c *product.Call, req *createRequest) (any, *wire.Error) {
		if err := access(c); err != nil {
			return nil, err
		}
		t, err := req.SearchTerms.apply(c, k, Terms{})
		if err != nil {
			return nil, err
		}
		s := a.newScreening(c, k, t, product.Deref(req.ClientUserID, ""), "api")
		return answer(s), nil
	}
}

// newScreening screens and keeps a new screening: its view.
func (a *API) newScreening(c *product.Call, k *kind, t Terms, cuid, source string) map[string]any {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := &Screening{ID: k.prefix + strings.ReplaceAll(a.door.NewUUID(), "-", "")[:14], Kind: k.name, ClientID: c.ClientID,
		Current: Version{Terms: t, Version: 1, Status: "cleared", ClientUserID: cuid, Source: source, At: c.Now}}
	if a.screenLocked(s, c.Fixtures, c.Now) {
		s.Current.Status = "pending_review"
	}
	a.st.Screenings.Add(s, maxScreenings)
	a.door.StateChanged(a.Name())
	return s.view()
}

type idRequest struct {
	product.Credentials
	ID       *string `json:"watchlist_screening_id"`
	EntityID *string `json:"entity_watchlist_screening_id"`
	Cursor   *string `json:"cursor"`
}

func (r *idRequest) id() string {
	if r.EntityID != nil {
		return *r.EntityID
	}
	return product.Deref(r.ID, "")
}

// screeningLocked is the client's screening of kind k. Callers hold a.mu.
func (a *API) screeningLocked(c *product.Call, k *kind, id string) (*Screening, *wire.Error) {
	s := a.st.Screenings.ByID[id]
	if s == nil || s.ClientID != c.ClientID || s.Kind != k.name {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("%s %q not found", k.screening, wire.Clip(id, 60))
	}
	return s, nil
}

// read runs fn on the client's screening under the lock.
func (a *API) read(c *product.Call, k *kind, id string, fn func(*Screening) (any, *wire.Error)) (any, *wire.Error) {
	if err := access(c); err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s, err := a.screeningLocked(c, k, id)
	if err != nil {
		return nil, err
	}
	return fn(s)
}

func (a *API) get(k *kind) func(*product.Call, *idRequest) (any, *wire.Error) {
	return func(c *product.Call, req *idRequest) (any, *wire.Error) {
		return a.read(c, k, req.id(), func(s *Screening) (any, *wire.Error) { return answer(s.view()), nil })
	}
}

// cursor reads a list cursor (the index of the next entry).
func cursor(v *string) (int, *wire.Error) {
	if v == nil || *v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(*v)
	if err != nil || n < 0 {
		return 0, wire.New(wire.CodeInvalidField).WithMessage("cursor is not one this list gave")
	}
	return n, nil
}

// pageOf is a page of items from from, with the next cursor.
func pageOf(items []any, from int) ([]any, any) {
	out := []any{}
	for i := from; i < len(items) && i < from+page; i++ {
		out = append(out, items[i])
	}
	if from+page < len(items) {
		return out, strconv.Itoa(from + page)
	}
	return out, nil
}

type listRequest struct {
	product.Credentials
	Program       *string `json:"watchlist_program_id"`
	EntityProgram *string `json:"entity_watchlist_program_id"`
	ClientUserID  *string `json:"client_user_id"`
	Status        *string `json:"status"`
	Assignee      *string `json:"assignee"`
	Cursor        *string `json:"cursor"`
}

// list serves POST /watchlist_screening/{kind}/list: a program's
// screenings, newest first, filtered as asked.
func (a *API) list(k *kind) func(*product.Call, *listRequest) (any, *wire.Error) {
	return func(c *product.Call, req *listRequest) (any, *wire.Error) {
		if err := access(c); err != nil {
			return nil, err
		}
		from, err := cursor(req.Cursor)
		if err != nil {
			return nil, err
		}
		program := product.Deref(req.Program, product.Deref(req.EntityProgram, ""))
		a.mu.Lock()
		defer a.mu.Unlock()
		var all []any
		for s := range a.st.Screenings.Newest() {
			if s.ClientID != c.ClientID || s.Kind != k.name || s.Current.Terms.Program != program ||
				req.ClientUserID != nil && s.Current.ClientUserID != *req.ClientUserID || req.Status != nil && s.Current.Status != *req.Status ||
				req.Assignee != nil && s.Current.Assignee != *req.Assignee {
				continue
			}
			all = append(all, s.view())
		}
		items, next := pageOf(all, from)
		return answer{k.list: items, "next_cursor": next}, nil
	}
}

// programs are the client's programs of kind k.
func programs(fx *fixtures.Set, k *kind) []fixtures.WatchlistProgram {
	return slices.DeleteFunc(slices.Clone(fx.Programs()), func(p fixtures.WatchlistProgram) bool { return p.ProgramKind() != k.name })
}
