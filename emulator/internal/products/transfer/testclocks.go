package transfer

import (
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Test clocks: virtual times that drive the recurring transfers made with
// them (https://plaid.com/docs/transfer/sandbox/). A clock never moves back.

// TestClock is a test clock, as --state keeps it.
type TestClock struct {
	ID, ClientID string
	Virtual      time.Time
}

func (tc *TestClock) json() map[string]any {
	return map[string]any{"test_clock_id": tc.ID, "virtual_time": tc.Virtual.UTC().Format(time.RFC3339)}
}

type testClockResponse struct {
	TestClock map[string]any `json:"test_clock"`
	wire.Response
}

type testClockCreateRequest struct {
	product.Credentials
	VirtualTime *string `json:"virtual_time" plaid:"format=date-time"`
}

// HandleTestClockCreate serves POST /sandbox/transfer/test_clock/create;
// without virtual_time the clock starts at the emulator's now.
func (a *API) HandleTestClockCreate(c *product.Call, req *testClockCreateRequest) (any, *wire.Error) {
	tc := &TestClock{ID: a.door.NewUUID(), ClientID: c.ClientID, Virtual: c.Now}
	if req.VirtualTime != nil {
		tc.Virtual, _ = time.Parse(time.RFC3339, *req.VirtualTime)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.st.Clocks[tc.ID] = tc
	a.door.StateChanged(a.Name())
	return &testClockResponse{TestClock: tc.json()}, nil
}

type testClockIDRequest struct {
	product.Credentials
	TestClockID string `json:"test_clock_id" plaid:"required"`
}

func (a *API) clockLocked(c *product.Call, id string) (*TestClock, *wire.Error) {
	tc := a.st.Clocks[id]
	if tc == nil || tc.ClientID != c.ClientID {
		return nil, wire.New(wire.CodeInvalidField).WithMessage("test_clock_id is not a known test clock")
	}
	return tc, nil
}

// HandleTestClockGet serves POST /sandbox/transfer/test_clock/get.
func (a *API) HandleTestClockGet(c *product.Call, req *testClockIDRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	tc, err := a.clockLocked(c, req.TestClockID)
	if err != nil {
		return nil, err
	}
	return &testClockResponse{TestClock: tc.json()}, nil
}

type testClockAdvanceRequest struct {
	product.Credentials
	TestClockID    string `json:"test_clock_id" plaid:"required"`
	NewVirtualTime string `json:"new_virtual_time" plaid:"required,format=date-time"`
}

// HandleTestClockAdvance serves POST /sandbox/transfer/test_clock/advance:
// the clock's recurring transfers originate what fell due (at most 20
// each), with their webhooks.
func (a *API) HandleTestClockAdvance(c *product.Call, req *testClockAdvanceRequest) (any, *wire.Error) {
	to, perr := time.Parse(time.RFC3339, req.NewVirtualTime)
	a.mu.Lock()
	defer a.mu.Unlock()
	tc, err := a.clockLocked(c, req.TestClockID)
	if err == nil && (perr != nil || to.Before(tc.Virtual)) {
		err = wire.New(wire.CodeInvalidField).WithMessage("new_virtual_time must not be before the clock's virtual_time")
	}
	if err != nil {
		return nil, err
	}
	tc.Virtual = to
	for _, r := range a.st.Recurring {
		if r.TestClockID == tc.ID {
			c.Emit(a.originateLocked(c, r, to)...)
		}
	}
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type testClockListRequest struct {
	product.Credentials
	StartVirtualTime *string `json:"start_virtual_time" plaid:"format=date-time"`
	EndVirtualTime   *string `json:"end_virtual_time" plaid:"format=date-time"`
	Count            *int    `json:"count" plaid:"min=1,max=25"`
	Offset           *int    `json:"offset" plaid:"min=0"`
}

type testClockListResponse struct {
	TestClocks []map[string]any `json:"test_clocks"`
	wire.Response
}

// HandleTestClockList serves POST /sandbox/transfer/test_clock/list, by virtual time.
func (a *API) HandleTestClockList(c *product.Call, req *testClockListRequest) (any, *wire.Error) {
	count, offset := paging(req.Count, req.Offset)
	a.mu.Lock()
	defer a.mu.Unlock()
	var all []*TestClock
	for _, tc := range a.st.Clocks {
		if tc.ClientID == c.ClientID && product.Within(tc.Virtual, req.StartVirtualTime, req.EndVirtualTime) {
			all = append(all, tc)
		}
	}
	byTime(all, false, func(tc *TestClock) time.Time { return tc.Virtual }, func(tc *TestClock) string { return tc.ID })
	return &testClockListResponse{TestClocks: page(all, count, offset, (*TestClock).json)}, nil
}
