package monitor

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// ScreenPerson screens a person Identity Verification verified: a new
// individual screening (source link) under the program.
func (a *API) ScreenPerson(c *product.Call, programID, clientUserID, legalName, dob, country string) (string, string, *wire.Error) {
	t, err := (&termsIn{Program: &programID, LegalName: &legalName, DOB: &dob, Country: &country}).apply(c, individual, Terms{})
	if err != nil {
		return "", "", err
	}
	v := a.newScreening(c, individual, t, clientUserID, "link")
	return v["id"].(string), v["status"].(string), nil
}

// ScreeningStatus is a screening's status now.
func (a *API) ScreeningStatus(id string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.st.Screenings.ByID[id]
	if s == nil {
		return "", false
	}
	return s.Current.Status, true
}

// Due rescans the screenings of programs that rescan, a day after their
// last scan (one rescan per clock move however far it goes): a new hit
// puts a screening back in pending_review and sends STATUS_UPDATED.
func (a *API) Due(now time.Time) []product.Event {
	_, _, events := a.rescanAll(a.door.Fixtures(), now, false)
	return events
}

// rescanAll screens again the screenings whose program rescans (all of
// them with force, else those last scanned a day or more ago): how many,
// those flagged for review, and their webhooks.
func (a *API) rescanAll(fx *fixtures.Set, now time.Time, force bool) (int, []string, []product.Event) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []product.Event
	var flagged []string
	n := 0
	for _, id := range a.st.Screenings.Order {
		s := a.st.Screenings.ByID[id]
		if s == nil || !force && now.Before(s.Scanned.Add(24*time.Hour)) {
			continue
		}
		p := fx.Program(s.Current.Terms.Program)
		if p == nil || !p.Rescans() || p.Archived {
			continue
		}
		n++
		if a.screenLocked(s, fx, now) && s.Current.Status != "pending_review" {
			s.History = append(s.History, s.Current)
			s.Current.Status, s.Current.Version, s.Current.Source, s.Current.At = "pending_review", s.Current.Version+1, "system", now
			out, flagged = append(out, a.statusWebhook(fx, s)), append(flagged, s.ID)
		}
	}
	if n > 0 {
		a.door.StateChanged(a.Name())
	}
	return n, flagged, out
}
