package monitor

import (
	"slices"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// kind is what differs between individual and entity screening: field
// names, id prefixes, the webhook.
type kind struct {
	name                                    string
	program, screening, list, hits, reviews string // JSON keys
	programs                                string
	prefix, hitPrefix, reviewPrefix         string
	hookType, hookField                     string
}

var (
	individual = &kind{name: "individual", program: "watchlist_program_id", screening: "watchlist_screening_id", list: "watchlist_screenings",
		hits: "watchlist_screening_hits", reviews: "watchlist_screening_reviews", programs: "watchlist_programs",
		prefix: "scr_", hitPrefix: "scrhit_", reviewPrefix: "rev_", hookType: "SCREENING", hookField: "screening_id"}
	entity = &kind{name: "entity", program: "entity_watchlist_program_id", screening: "entity_watchlist_screening_id", list: "entity_watchlist_screenings",
		hits: "entity_watchlist_screening_hits", reviews: "entity_watchlist_screening_reviews", programs: "entity_watchlist_programs",
		prefix: "entscr_", hitPrefix: "enthit_", reviewPrefix: "entrev_", hookType: "ENTITY_SCREENING", hookField: "entity_screening_id"}
)

func kindOf(name string) *kind {
	if name == "entity" {
		return entity
	}
	return individual
}

// screenLocked matches the screening's current terms against the
// watchlists its program screens: hits still pending follow the terms
// (those that no longer match go), reviewed hits stay as they were, and
// new entries hit are added. It says whether a new hit appeared. Callers
// hold a.mu.
func (a *API) screenLocked(s *Screening, fx *fixtures.Set, now time.Time) bool {
	p := fx.Program(s.Current.Terms.Program)
	if p == nil {
		return false
	}
	lists := p.Lists()
	found := map[string]*hitAnalysis{}
	for _, e := range fx.Watchlist() {
		if e.Kind != s.Kind || !slices.Contains(lists, e.ListCode) {
			continue
		}
		if h := analyse(s.Current.Terms, &e, p.Sensitivity()); h != nil {
			found[e.ID] = h
		}
	}
	kept := s.Hits[:0]
	have := map[string]bool{}
	for _, h := range s.Hits {
		if h.Review != "pending_review" {
			kept, have[h.Entry] = append(kept, h), true
			continue
		}
		if an := found[h.Entry]; an != nil {
			h.Names, h.DOB, h.Docs, h.Places, h.Primary, h.TermsVersion = an.names, an.dob, an.docs, an.locations, an.primary, s.Current.Version
			kept, have[h.Entry] = append(kept, h), true
		}
	}
	s.Hits = kept
	added := false
	for _, e := range fx.Watchlist() {
		an := found[e.ID]
		if an == nil || have[e.ID] {
			continue
		}
		have[e.ID], added = true, true
		s.Hits = append(s.Hits, Hit{ID: kindOf(s.Kind).hitPrefix + strings.ReplaceAll(a.door.NewUUID(), "-", "")[:14], Entry: e.ID, Review: "pending_review",
			First: now, TermsVersion: s.Current.Version, Names: an.names, DOB: an.dob, Docs: an.docs, Places: an.locations, Primary: an.primary})
	}
	s.Scanned = now
	return added
}

// pending says whether a screening has hits awaiting review.
func (s *Screening) pending() bool {
	return slices.ContainsFunc(s.Hits, func(h Hit) bool { return h.Review == "pending_review" })
}

// view is a screening as the API shows it.
func (s *Screening) view() map[string]any {
	k := kindOf(s.Kind)
	return versionView(k, s.ID, s.Current)
}

func versionView(k *kind, id string, v Version) map[string]any {
	opt := func(x string) any {
		if x == "" {
			return nil
		}
		return x
	}
	terms := map[string]any{k.program: v.Terms.Program, "legal_name": v.Terms.LegalName, "document_number": opt(v.Terms.Document),
		"country": opt(v.Terms.Country), "version": v.Version}
	if k == entity {
		terms["email_address"], terms["phone_number"], terms["url"] = opt(v.Terms.Email), opt(v.Terms.Phone), opt(v.Terms.URL)
	} else {
		terms["date_of_birth"] = opt(v.Terms.DOB)
	}
	return map[string]any{"id": id, "search_terms": terms, "assignee": opt(v.Assignee), "status": v.Status, "client_user_id": opt(v.ClientUserID),
		"audit_trail": map[string]any{"source": v.Source, "dashboard_user_id": nil, "timestamp": product.RFC3339(v.At)}}
}

// hitView is a hit as the API shows it, with its entry's data.
func hitView(k *kind, h Hit, fx *fixtures.Set) map[string]any {
	var e *fixtures.WatchlistEntry
	for _, x := range fx.Watchlist() {
		if x.ID == h.Entry {
			e = &x
			break
		}
	}
	if e == nil {
		e = &fixtures.WatchlistEntry{ID: h.Entry, Names: []string{"(entry removed from the lists)"}, ListCode: "US_SDN"}
	}
	summary := func(s string) map[string]any { return map[string]any{"summary": s} }
	names := []any{}
	for i, n := range e.Names {
		a := "no_match"
		if i == h.Primary {
			a = h.Names
		}
		names = append(names, map[string]any{"analysis": summary(a), "data": map[string]any{"full": n, "is_primary": i == 0, "weak_alias_determination": "none"}})
	}
	locations := []any{}
	if e.Country != "" {
		full := e.Location
		if full == "" {
			full = e.Country
		}
		locations = append(locations, map[string]any{"analysis": summary(h.Places), "data": map[string]any{"full": full, "country": e.Country}})
	}
	docs := []any{}
	for _, d := range e.Documents {
		typ, num, _ := strings.Cut(d, ":")
		docs = append(docs, map[string]any{"analysis": summary(h.Docs), "data": map[string]any{"type": typ, "number": num}})
	}
	data := map[string]any{"names": names, "locations": locations, "documents": docs}
	analysis := map[string]any{"names": h.Names, "locations": h.Places, "documents": h.Docs, "search_terms_version": h.TermsVersion}
	if k == entity {
		data["email_addresses"], data["phone_numbers"], data["urls"] = []any{}, []any{}, []any{}
		analysis["email_addresses"], analysis["phone_numbers"], analysis["urls"] = "no_input", "no_input", "no_input"
	} else {
		dobs := []any{}
		if d := e.DateOfBirth; d != "" {
			begin, end := d, d
			if len(d) == 4 {
				begin, end = d+"-01-01", d+"-12-31"
			}
			dobs = append(dobs, map[string]any{"analysis": summary(h.DOB), "data": map[string]any{"beginning": begin, "ending": end}})
		}
		data["dates_of_birth"], analysis["dates_of_birth"] = dobs, h.DOB
	}
	return map[string]any{"id": h.ID, "review_status": h.Review, "first_active": product.RFC3339(h.First), "inactive_since": nil,
		"historical_since": nil, "list_code": e.ListCode, "plaid_uid": e.ID, "source_uid": nil, "sub_programs": append([]string{}, e.SubPrograms...),
		"analysis": analysis, "data": data}
}
