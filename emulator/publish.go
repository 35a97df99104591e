package emulator

import (
	"maps"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/persist"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// publish sends the webhooks that events call for: the one place webhooks
// are made. Callers hold no lock.
func (s *Server) publish(evs ...product.Event) { s.publishFrom("", evs...) }

// publishFrom is publish for the events of request requestID, which each
// webhook records as its cause.
func (s *Server) publishFrom(requestID string, evs ...product.Event) {
	if len(evs) == 0 {
		return
	}
	now := s.clock.Now()
	for _, ev := range evs {
		if ev == nil {
			continue
		}
		for _, o := range ev.Webhooks(now) {
			s.send(o, now, requestID)
		}
	}
}

// send renders one webhook (the spec's schema for its type and code:
// fields plus webhook_type, webhook_code, environment and, to the Item's
// webhook, item_id) and hands it to the dispatcher.
func (s *Server) send(o product.Outgoing, now time.Time, requestID string) {
	url := o.To
	body := make(map[string]any, len(o.Fields)+4)
	if url == "" {
		if o.It.Webhook == nil || *o.It.Webhook == "" {
			return // an Item without a webhook hears nothing
		}
		url = *o.It.Webhook
		body["item_id"] = o.It.ID
	}
	maps.Copy(body, o.Fields)
	body["webhook_type"], body["webhook_code"], body["environment"] = o.Type, o.Code, product.WebhookEnvironment
	raw, err := webhooks.CanonicalJSON(body)
	if err != nil {
		s.log.Error("encode webhook", "code", o.Code, "err", err)
		return
	}
	s.hooks.Enqueue(o.It.ClientID, o.It.ID, url, o.Type, o.Code, raw, now, "", requestID)
	if o.It.ID != "" {
		s.mark(persist.KindItem, o.It.ID) // its last webhook (item.status) is kept with the Item
	}
}
