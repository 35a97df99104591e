package emulator

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// linkHostImpl is what Link takes from the emulator.
type linkHostImpl struct{ s *Server }

func (h linkHostImpl) NewUUID() string { return h.s.store.uuid() }

func (h linkHostImpl) ItemByID(id string) (product.Item, bool) { return h.s.store.itemByID(id) }

func (h linkHostImpl) Now() time.Time { return h.s.clock.Now() }

func (h linkHostImpl) Fixtures() *fixtures.Set { return h.s.store.Fixtures }

func (h linkHostImpl) Changed() { h.s.store.dirty.Store(true) }
