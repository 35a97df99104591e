package emulator

import (
	"maps"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/webhooks"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// webhookEnvironment is the environment every webhook names.
const webhookEnvironment = "sandbox"

// fire sends a webhook about it to its webhook URL (nothing when it has
// none) and records it as the Item's last webhook. The body is the spec's
// schema for typ/code: fields plus webhook_type, webhook_code, item_id and
// environment. It returns the logged record, or nil.
func (s *Server) fire(it item, typ, code string, fields map[string]any) *webhooks.Record {
	if it.Webhook == nil || *it.Webhook == "" {
		return nil
	}
	return s.fireTo(it, *it.Webhook, typ, code, fields)
}

func (s *Server) fireTo(it item, url, typ, code string, fields map[string]any) *webhooks.Record {
	body := map[string]any{"item_id": it.ID}
	maps.Copy(body, fields)
	return s.send(it, url, typ, code, body)
}

// fireProcessor sends a processor token's webhook: about its account
// (fields carry account_id), without item_id.
func (s *Server) fireProcessor(it item, url, typ, code string, fields map[string]any) *webhooks.Record {
	return s.send(it, url, typ, code, maps.Clone(fields))
}

func (s *Server) send(it item, url, typ, code string, body map[string]any) *webhooks.Record {
	body["webhook_type"], body["webhook_code"], body["environment"] = typ, code, webhookEnvironment
	raw, err := webhooks.CanonicalJSON(body)
	if err != nil {
		s.log.Error("encode webhook", "code", code, "err", err)
		return nil
	}
	now := s.clock.Now()
	s.store.noteWebhook(it.ID, code, now)
	return s.hooks.Enqueue(it.ClientID, it.ID, url, typ, code, raw, now, "")
}

// webhookError renders an error as webhooks carry it: with status, without request_id.
func webhookError(e *wire.Error) *wire.Error {
	c := e.ForItem()
	st := e.HTTPStatus
	c.Status = &st
	return c
}

// noteWebhook records the Item's last webhook (item.status.last_webhook).
func (st *store) noteWebhook(itemID, code string, now time.Time) {
	st.wlock()
	defer st.mu.Unlock()
	if it := st.items[itemID]; it != nil {
		it.LastWebhookAt, it.LastWebhookCode = now, code
	}
}
