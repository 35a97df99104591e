package emulator

import (
	"net/http"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/chaos"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// scenarioHeader applies one scenario to one request.
const scenarioHeader = "Plaid-Emulator-Scenario"

// requestInfo resolves what rules match on: the Item behind the request's
// access or processor token, its institution, user and accounts.
func (c *call) requestInfo() *chaos.Request {
	if c.info != nil {
		return c.info
	}
	in := &chaos.Request{Path: c.r.URL.Path, ClientID: c.ClientID, Now: c.Now}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	obj := c.obj
	st := c.s.store
	if tok := str(obj, "access_token"); tok != "" {
		if it, err := st.ItemFor(c.ClientID, tok); err == nil {
			setItem(in, it)
		}
	}
	if tok := str(obj, "processor_token"); tok != "" {
		if pt, it, ok := st.ProcTokenFor("", tok); ok { // matching only: no owner check
			setItem(in, it)
			in.AccountIDs = []string{pt.AccountID}
		}
	}
	if tok := str(obj, "link_token"); tok != "" && !in.HasItem {
		if lt, ok := c.s.link.Any(tok); ok {
			in.ClientID = lt.ClientID
			if it, ok := st.ItemByID(lt.ItemID); ok {
				setItem(in, it)
			} else {
				in.InstitutionID = lt.InstitutionID
			}
		}
	}
	if v := str(obj, "institution_id"); v != "" {
		in.InstitutionID = v
	}
	if v := str(obj, "username"); v != "" {
		in.Username = v
	}
	if opts, ok := obj["options"].(map[string]any); ok {
		if v := str(opts, "override_username"); v != "" {
			in.Username = v
		}
		if v := str(opts, "account_id"); v != "" {
			in.AccountIDs = append(in.AccountIDs, v)
		}
		if ids, ok := opts["account_ids"].([]any); ok {
			for _, id := range ids {
				if s, ok := id.(string); ok {
					in.AccountIDs = append(in.AccountIDs, s)
				}
			}
		}
	}
	if v := str(obj, "account_id"); v != "" {
		in.AccountIDs = append(in.AccountIDs, v)
	}
	if in.Username == "" && (strings.HasPrefix(in.Path, "/sandbox/public_token/create") || strings.HasPrefix(in.Path, "/_emulator/link/complete")) {
		in.Username = "user_good"
	}
	c.info = in
	return in
}

func setItem(in *chaos.Request, it product.Item) {
	in.HasItem = true
	in.ItemID, in.InstitutionID, in.Username, in.ItemCreated = it.ID, it.InstitutionID, it.Username, it.CreatedAt
}

// applyChaos runs the scenarios for a request; true when it answered.
func (s *Server) applyChaos(w http.ResponseWriter, c *call) bool {
	d := s.chaos.Evaluate(c.requestInfo, c.r.URL.Path, c.r.Header.Get(scenarioHeader))
	if d == nil {
		return false
	}
	c.scenario, c.rule = d.Scenario, d.Rule
	c.patch = d.Patch
	for effect, v := range map[string]string{"transfer_decline": d.TransferDecline, "signal_result": d.SignalResult} {
		if v != "" {
			if c.Forced == nil {
				c.Forced = map[string]string{}
			}
			c.Forced[effect] = v
		}
	}
	if d.Latency > 0 {
		t := time.NewTimer(d.Latency)
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			t.Stop()
		}
	}
	in := c.requestInfo()
	if in.HasItem {
		for _, state := range d.ItemStates {
			s.publish(s.setItemState(in.ItemID, state))
		}
		for _, wh := range d.Webhooks {
			if it, ok := s.store.ItemByID(in.ItemID); ok {
				s.publish(product.WebhookFired{It: it, Type: wh.Type, Code: wh.Code, Fields: s.fired.Fields(s.clock.Now(), it, wh.Type, wh.Code)})
			}
		}
	}
	if d.Fault != "" {
		s.record(c, 0, nil, d.Fault)
		chaos.Fault(w, d.Fault)
		return true
	}
	if d.Err != nil {
		s.write(w, c, nil, chaos.ErrorOf(d.Err))
		return true
	}
	return false
}

// setItemState changes an Item as Plaid would; the event says so.
func (s *Server) setItemState(itemID, state string) product.Event {
	var wasLogin bool
	it := s.store.UpdateItemByID(itemID, func(it *product.Item) {
		wasLogin = it.Err != nil && it.Err.ErrorCode == wire.CodeItemLoginRequired
		switch state {
		case wire.CodeItemLoginRequired, wire.CodeUserPermissionRevoked:
			it.Err = wire.New(state).ForItem()
		case "HEALTHY":
			it.Err = nil
		case "PENDING_EXPIRATION":
			exp := product.RFC3339(s.clock.Now().AddDate(0, 0, 7))
			it.ConsentExpiration = &exp
		}
		it.Render()
	})
	if it.ID == "" {
		return nil
	}
	return product.ItemStateChanged{It: it, State: state, WasLogin: wasLogin}
}
