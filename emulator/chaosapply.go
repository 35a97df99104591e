package emulator

import (
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// scenarioHeader applies one scenario to one request.
const scenarioHeader = "Plaid-Emulator-Scenario"

// requestInfo resolves what rules match on: the Item behind the request's
// access or processor token, its institution, user and accounts.
func (c *call) requestInfo() *reqInfo {
	if c.info != nil {
		return c.info
	}
	in := &reqInfo{path: c.r.URL.Path, clientID: c.clientID, now: c.now}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	obj := c.obj
	st := c.s.store
	if tok := str(obj, "access_token"); tok != "" {
		if it, err := st.itemFor(c.clientID, tok); err == nil {
			in.setItem(it)
		}
	}
	if tok := str(obj, "processor_token"); tok != "" {
		if pt, it, ok := st.procTokenFor(tok); ok {
			in.setItem(it)
			in.accountIDs = []string{pt.accountID}
		}
	}
	if tok := str(obj, "link_token"); tok != "" && !in.hasItem {
		if lt, ok := st.linkTokenAny(tok); ok {
			in.clientID = lt.clientID
			if it, ok := st.itemByID(lt.itemID); ok {
				in.setItem(it)
			} else {
				in.institutionID = lt.institutionID
			}
		}
	}
	if v := str(obj, "institution_id"); v != "" {
		in.institutionID = v
	}
	if v := str(obj, "username"); v != "" {
		in.username = v
	}
	if opts, ok := obj["options"].(map[string]any); ok {
		if v := str(opts, "override_username"); v != "" {
			in.username = v
		}
		if v := str(opts, "account_id"); v != "" {
			in.accountIDs = append(in.accountIDs, v)
		}
		if ids, ok := opts["account_ids"].([]any); ok {
			for _, id := range ids {
				if s, ok := id.(string); ok {
					in.accountIDs = append(in.accountIDs, s)
				}
			}
		}
	}
	if v := str(obj, "account_id"); v != "" {
		in.accountIDs = append(in.accountIDs, v)
	}
	if in.username == "" && (strings.HasPrefix(in.path, "/sandbox/public_token/create") || strings.HasPrefix(in.path, "/_emulator/link/complete")) {
		in.username = "user_good"
	}
	c.info = in
	return in
}

func (in *reqInfo) setItem(it item) {
	in.hasItem, in.item = true, it
	in.itemID, in.institutionID, in.username, in.itemCreated = it.ID, it.InstitutionID, it.Username, it.CreatedAt
}

// applyChaos runs the scenarios for a request; true when it answered.
func (s *Server) applyChaos(w http.ResponseWriter, c *call) bool {
	d := s.chaos.evaluate(c.requestInfo, c.r.URL.Path, c.r.Header.Get(scenarioHeader))
	if d == nil {
		return false
	}
	c.scenario, c.rule = d.scenario, d.rule
	if d.latency > 0 {
		t := time.NewTimer(d.latency)
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			t.Stop()
		}
	}
	in := c.requestInfo()
	if in.hasItem {
		for _, state := range d.itemStates {
			s.setItemState(in.item.ID, state)
		}
		for _, wh := range d.webhooks {
			if it, ok := s.store.itemByID(in.item.ID); ok {
				fields := map[string]any{"error": nil}
				if trig, ok := fireTriggers[wh.Type+"/"+wh.Code]; ok {
					fields = trig.fields(s, it)
				}
				s.fire(it, wh.Type, wh.Code, fields)
			}
		}
	}
	if d.fault != "" {
		s.fault(w, c, d.fault)
		return true
	}
	if d.err != nil {
		s.write(w, c, nil, effectError(d.err))
		return true
	}
	return false
}

// effectError builds a scenario's error: the catalogue's for the code,
// with the rule's overrides.
func effectError(e *scenarios.Error) *wire.Error {
	out := wire.New(e.Code)
	if !wire.KnownCode(e.Code) {
		out = &wire.Error{ErrorType: e.Type, ErrorCode: e.Code, ErrorMessage: e.Code, HTTPStatus: 400,
			DocumentationURL: "https://plaid.com/docs/errors/"}
	}
	if e.Type != "" {
		out.ErrorType = e.Type
	}
	if e.Status != 0 {
		out.HTTPStatus = e.Status
	}
	if e.Message != "" {
		out.ErrorMessage = e.Message
	}
	if e.DisplayMessage != nil {
		out.DisplayMessage = e.DisplayMessage
	}
	return out
}

// setItemState changes an Item as Plaid would and sends the webhook.
func (s *Server) setItemState(itemID, state string) {
	var code string
	var fields map[string]any
	var wasLogin bool
	it := s.store.updateItemByID(itemID, func(it *item) {
		wasLogin = it.Err != nil && it.Err.ErrorCode == wire.CodeItemLoginRequired
		switch state {
		case wire.CodeItemLoginRequired, wire.CodeUserPermissionRevoked:
			it.Err = wire.New(state).ForItem()
		case "HEALTHY":
			it.Err = nil
		case "PENDING_EXPIRATION":
			exp := rfc3339(s.clock.Now().AddDate(0, 0, 7))
			it.ConsentExpiration = &exp
		}
		it.render()
	})
	if it.ID == "" {
		return
	}
	switch state {
	case wire.CodeItemLoginRequired:
		code, fields = "ERROR", map[string]any{"error": webhookError(wire.New(wire.CodeItemLoginRequired))}
	case wire.CodeUserPermissionRevoked:
		code, fields = state, map[string]any{"error": webhookError(wire.New(wire.CodeUserPermissionRevoked))}
	case "PENDING_EXPIRATION":
		code, fields = state, map[string]any{"consent_expiration_time": *it.ConsentExpiration}
	case "PENDING_DISCONNECT":
		code, fields = state, fireTriggers["ITEM/PENDING_DISCONNECT"].fields(s, it)
	case "HEALTHY":
		if !wasLogin {
			return
		}
		code, fields = "LOGIN_REPAIRED", map[string]any{}
	}
	s.fire(it, "ITEM", code, fields)
}

// fault makes an HTTP-level failure, as a proxy in front of Plaid can.
func (s *Server) fault(w http.ResponseWriter, c *call, kind string) {
	s.journal.record(c, 0, nil, kind)
	switch kind {
	case "html_502":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"))
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // no raw connection here: abort the reply
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	switch kind {
	case "connection_reset":
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // close with RST
		}
	case "truncated_json":
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 512\r\n\r\n{\"accounts\":[{\"account_id\":\"")
		_ = buf.Flush()
	}
	// empty_reply: close without a byte
}
