package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// itemLifetime is how long a Sandbox Item works before it needs a new login.
const itemLifetime = 30 * 24 * time.Hour

// aged applies Item ageing: a healthy Item 30 days old (emulator clock)
// enters ITEM_LOGIN_REQUIRED, with its webhook. It returns the Item as now.
func (s *Server) aged(it product.Item) product.Item {
	if s.opts.NoItemAgeing || it.Err != nil || s.clock.Now().Sub(it.CreatedAt) < itemLifetime {
		return it
	}
	s.publish(s.setItemState(it.ID, wire.CodeItemLoginRequired))
	if now, ok := s.store.ItemByID(it.ID); ok {
		return now
	}
	return it
}

// ageAll applies ageing to every Item (after the clock moves).
func (s *Server) ageAll() {
	for _, it := range s.store.AllItems() {
		s.aged(it)
	}
}

// postAllDue posts every pending row whose day has come (after the clock
// moves), with the webhooks a refresh would send, and returns the
// transfers whose fixture scripts a return by now.
func (s *Server) postAllDue() {
	now := s.clock.Now()
	for _, it := range s.store.AllItems() {
		s.publish(s.store.PostDueTransactions(it.ID, now))
	}
	for _, m := range s.modules {
		if h, ok := m.(product.ClockHook); ok {
			s.publish(h.Due(now)...)
		}
	}
}
