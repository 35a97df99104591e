package monitor

import (
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
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
	s := a.st.Screenings[id]
	if s == nil {
		return "", false
	}
	return s.Current.Status, true
}

// Due rescans the screenings of programs that rescan, a day after their
// last scan (one rescan per clock move however far it goes): a new hit
// puts a screening back in pending_review and sends STATUS_UPDATED.
func (a *API) Due(now time.Time) []product.Event {
	fx := a.door.Fixtures()
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []product.Event
	ids := slices.Clone(a.st.Order)
	for _, id := range ids {
		s := a.st.Screenings[id]
		if s == nil || now.Before(s.Scanned.Add(24*time.Hour)) {
			continue
		}
		p := fx.Program(s.Current.Terms.Program)
		if p == nil || !p.Rescans() || p.Archived {
			continue
		}
		if a.screenLocked(s, fx, now) && s.Current.Status != "pending_review" {
			s.History = append(s.History, s.Current)
			s.Current.Status, s.Current.Version, s.Current.Source, s.Current.At = "pending_review", s.Current.Version+1, "system", now
			out = append(out, a.statusWebhook(fx, s))
		}
	}
	if len(ids) > 0 {
		a.door.StateChanged(a.Name())
	}
	return out
}
