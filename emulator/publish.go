package emulator

import (
	"maps"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
)

// publish sends the webhooks that events call for: the one place webhooks
// are made. Callers hold no lock.
func (s *Server) publish(evs ...event) {
	if len(evs) == 0 {
		return
	}
	now := s.clock.Now()
	for _, ev := range evs {
		if ev == nil {
			continue
		}
		for _, o := range ev.webhooks(now) {
			s.send(o, now)
		}
	}
}

// send renders one webhook (the spec's schema for its type and code:
// fields plus webhook_type, webhook_code, environment and, to the Item's
// webhook, item_id) and hands it to the dispatcher.
func (s *Server) send(o outgoing, now time.Time) {
	url := o.to
	body := make(map[string]any, len(o.fields)+4)
	if url == "" {
		if o.it.Webhook == nil || *o.it.Webhook == "" {
			return // an Item without a webhook hears nothing
		}
		url = *o.it.Webhook
		body["item_id"] = o.it.ID
	}
	maps.Copy(body, o.fields)
	body["webhook_type"], body["webhook_code"], body["environment"] = o.typ, o.code, webhookEnvironment
	raw, err := webhooks.CanonicalJSON(body)
	if err != nil {
		s.log.Error("encode webhook", "code", o.code, "err", err)
		return
	}
	s.hooks.Enqueue(o.it.ClientID, o.it.ID, url, o.typ, o.code, raw, now, "")
}
