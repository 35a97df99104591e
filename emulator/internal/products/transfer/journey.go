package transfer

import (
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// The money's journey: cancelling, Sandbox's simulated events, the event
// feed and its webhook.

type transferIDRequest struct {
	product.Credentials
	TransferID string `json:"transfer_id" plaid:"required"`
	// Platforms only; accepted.
	OriginatorClientID *string `json:"originator_client_id"`
	Reason             *string `json:"reason_code"`
}

// HandleCancel serves POST /transfer/cancel: only a pending transfer.
func (a *API) HandleCancel(c *product.Call, req *transferIDRequest) (any, *wire.Error) {
	auth, err := func() (*Authorization, *wire.Error) {
		a.mu.Lock()
		defer a.mu.Unlock()
		t := a.st.Transfers[req.TransferID]
		if t == nil || t.ClientID != c.ClientID {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("transfer_id is not a known transfer")
		}
		if t.Status != "pending" {
			return nil, wire.New(wire.CodeTransferNotCancellable)
		}
		t.Status = "cancelled"
		a.addEventLocked(t, "cancelled", c.Now)
		a.door.StateChanged(a.Name())
		return a.st.Auths[t.AuthorizationID], nil
	}()
	if err != nil {
		return nil, err
	}
	if auth != nil {
		if it, ok := a.door.ItemByID(auth.ItemID); ok {
			c.Emit(EventsUpdate{It: it})
		}
	}
	return &wire.Response{}, nil
}

// next are the simulated events each status accepts (https://plaid.com/docs/api/sandbox/#sandboxtransfersimulate).
var next = map[string][]string{
	"pending":         {"posted", "failed"},
	"posted":          {"settled", "returned"},
	"settled":         {"funds_available", "returned"},
	"funds_available": {"returned"},
}

type simulateRequest struct {
	product.Credentials
	TransferID    string   `json:"transfer_id" plaid:"required"`
	EventType     string   `json:"event_type" plaid:"required"`
	FailureReason *Failure `json:"failure_reason"`
	TestClockID   *string  `json:"test_clock_id"`
	Webhook       *string  `json:"webhook" plaid:"format=url"`
}

// HandleSimulate serves POST /sandbox/transfer/simulate: the next status,
// if the current one allows it, with its event; TRANSFER_EVENTS_UPDATE
// goes to the request's webhook if it gives one.
func (a *API) HandleSimulate(c *product.Call, req *simulateRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.st.Transfers[req.TransferID]
	if t == nil || t.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("transfer_id is not a known transfer")
	}
	ok := slices.Contains(next[t.Status], req.EventType)
	if req.EventType == "funds_available" && t.Type != "debit" {
		ok = false // ACH debits only
	}
	if !ok {
		return nil, wire.New(wire.CodeSandboxTransferEventTransitionInvalid)
	}
	t.Status = req.EventType
	t.Failure = simulatedFailure(req.EventType, req.FailureReason, t.Failure)
	a.addEventLocked(t, req.EventType, c.Now)
	a.door.StateChanged(a.Name())
	if req.Webhook != nil && *req.Webhook != "" {
		c.Emit(EventsUpdate{To: *req.Webhook})
	}
	return &wire.Response{}, nil
}

type fireWebhookRequest struct {
	product.Credentials
	Webhook string `json:"webhook" plaid:"required,format=url"`
}

// HandleFireWebhook serves POST /sandbox/transfer/fire_webhook.
func (a *API) HandleFireWebhook(c *product.Call, req *fireWebhookRequest) (any, *wire.Error) {
	c.Emit(EventsUpdate{To: req.Webhook})
	return &wire.Response{}, nil
}

type eventSyncRequest struct {
	product.Credentials
	AfterID            int     `json:"after_id" plaid:"required,min=0"`
	Count              *int    `json:"count" plaid:"min=1,max=500"`
	OriginatorClientID *string `json:"originator_client_id"`
}

type eventSyncResponse struct {
	TransferEvents []map[string]any `json:"transfer_events"`
	HasMore        bool             `json:"has_more"`
	wire.Response
}

// HandleEventSync serves POST /transfer/event/sync: the client's events
// after after_id, oldest first, count at a time (default 100).
func (a *API) HandleEventSync(c *product.Call, req *eventSyncRequest) (any, *wire.Error) {
	count := 100
	if req.Count != nil {
		count = *req.Count
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	c.Emit(a.dueLocked(c.Now)...) // scripted returns come on read
	out := &eventSyncResponse{TransferEvents: []map[string]any{}}
	for _, e := range a.st.Events[min(req.AfterID, len(a.st.Events)):] {
		if e.ClientID != c.ClientID {
			continue
		}
		if len(out.TransferEvents) == count {
			out.HasMore = true
			break
		}
		out.TransferEvents = append(out.TransferEvents, e.json(a.st.Transfers[e.TransferID])) // nil for a sweep's
	}
	return out, nil
}
