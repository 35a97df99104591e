package banktransfer

import (
	"regexp"
	"slices"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/logins"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

type listRequest struct {
	product.Credentials
	StartDate            *string `json:"start_date" plaid:"format=date-time"`
	EndDate              *string `json:"end_date" plaid:"format=date-time"`
	Count                *int    `json:"count" plaid:"min=1,max=25"`
	Offset               *int    `json:"offset" plaid:"min=0"`
	OriginationAccountID *string `json:"origination_account_id"`
	Direction            *string `json:"direction"`
}

type listResponse struct {
	BankTransfers []map[string]any `json:"bank_transfers"`
	wire.Response
}

// window is a page of matches, newest first: offset skipped, count kept
// (default 25).
func window[T any](all []T, offset, count *int) []T {
	o, n := min(max(0, product.DerefInt(offset, 0)), len(all)), product.DerefInt(count, 25)
	return all[o:min(len(all), o+n)]
}

// checkOriginLocked refuses an origination account not the client's. Callers hold a.mu.
func (a *API) checkOriginLocked(clientID string, id *string) *wire.Error {
	if id != nil && *id != "" && *id != a.originLocked(clientID) {
		return wire.New(wire.CodeBankTransferInvalidOriginationAccount)
	}
	return nil
}

// HandleList serves POST /bank_transfer/list: the client's transfers
// created in the window, newest first.
func (a *API) HandleList(c *product.Call, req *listRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.checkOriginLocked(c.ClientID, req.OriginationAccountID); err != nil {
		return nil, err
	}
	var mine []*BankTransfer
	for _, t := range a.st.Transfers {
		if t.ClientID == c.ClientID && product.Within(t.Created, req.StartDate, req.EndDate) && product.Deref(req.Direction, "outbound") == "outbound" {
			mine = append(mine, t)
		}
	}
	slicesSortBySeq(mine)
	slices.Reverse(mine) // newest first
	out := &listResponse{BankTransfers: []map[string]any{}}
	for _, t := range window(mine, req.Offset, req.Count) {
		out.BankTransfers = append(out.BankTransfers, a.jsonLocked(t))
	}
	return out, nil
}

type eventListRequest struct {
	product.Credentials
	StartDate            *string  `json:"start_date" plaid:"format=date-time"`
	EndDate              *string  `json:"end_date" plaid:"format=date-time"`
	BankTransferID       *string  `json:"bank_transfer_id"`
	AccountID            *string  `json:"account_id"`
	BankTransferType     *string  `json:"bank_transfer_type"`
	EventTypes           []string `json:"event_types"`
	Count                *int     `json:"count" plaid:"min=1,max=25"`
	Offset               *int     `json:"offset" plaid:"min=0"`
	OriginationAccountID *string  `json:"origination_account_id"`
	Direction            *string  `json:"direction"`
}

type eventsResponse struct {
	Events []map[string]any `json:"bank_transfer_events"`
	wire.Response
}

// HandleEventList serves POST /bank_transfer/event/list: the client's
// events matching every filter given, newest first.
func (a *API) HandleEventList(c *product.Call, req *eventListRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.checkOriginLocked(c.ClientID, req.OriginationAccountID); err != nil {
		return nil, err
	}
	var match []Event
	for i := len(a.st.Events) - 1; i >= 0; i-- {
		ev := a.st.Events[i]
		t := a.st.Transfers[ev.TransferID]
		if ev.ClientID != c.ClientID || !product.Within(ev.At, req.StartDate, req.EndDate) ||
			(req.BankTransferID != nil && *req.BankTransferID != t.ID) || (req.AccountID != nil && *req.AccountID != t.AccountID) ||
			(req.BankTransferType != nil && *req.BankTransferType != t.Type) || (len(req.EventTypes) > 0 && !slices.Contains(req.EventTypes, ev.Type)) ||
			product.Deref(req.Direction, "outbound") != "outbound" {
			continue
		}
		match = append(match, ev)
	}
	out := &eventsResponse{Events: []map[string]any{}}
	for _, ev := range window(match, req.Offset, req.Count) {
		out.Events = append(out.Events, a.eventJSONLocked(ev))
	}
	return out, nil
}

type eventSyncRequest struct {
	product.Credentials
	AfterID int  `json:"after_id" plaid:"required,min=0"`
	Count   *int `json:"count" plaid:"min=1,max=25"`
}

// HandleEventSync serves POST /bank_transfer/event/sync: the client's
// events after after_id, oldest first, count at a time (default 25).
func (a *API) HandleEventSync(c *product.Call, req *eventSyncRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := &eventsResponse{Events: []map[string]any{}}
	for _, ev := range a.st.Events {
		if ev.ClientID == c.ClientID && ev.ID > req.AfterID && len(out.Events) < product.DerefInt(req.Count, 25) {
			out.Events = append(out.Events, a.eventJSONLocked(ev))
		}
	}
	return out, nil
}

type balanceRequest struct {
	product.Credentials
	OriginationAccountID *string `json:"origination_account_id"`
}

type balanceResponse struct {
	Balance              map[string]string `json:"balance"`
	OriginationAccountID *string           `json:"origination_account_id"`
	wire.Response
}

// HandleBalanceGet serves POST /bank_transfer/balance/get: the origination
// account's balance from the transfers, starting at zero: posted debits
// in, credits out from their creation (back when cancelled, failed or
// reversed), reversed debits out again, until a sweep takes the day's net
// to the business account (sweeps.go). No minimum is held, so
// transactable is available.
func (a *API) HandleBalanceGet(c *product.Call, req *balanceRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.checkOriginLocked(c.ClientID, req.OriginationAccountID); err != nil {
		return nil, err
	}
	a.sweepLocked(c.Now)
	var bal int64
	for _, t := range a.st.Transfers {
		for _, m := range t.Moves {
			if t.ClientID == c.ClientID && !m.Swept {
				bal += m.Cents
			}
		}
	}
	origin := a.originLocked(c.ClientID)
	return &balanceResponse{Balance: map[string]string{"available": product.Money(bal), "transactable": product.Money(bal)}, OriginationAccountID: &origin}, nil
}

type migrateRequest struct {
	product.Credentials
	AccountNumber     string  `json:"account_number" plaid:"required"`
	RoutingNumber     string  `json:"routing_number" plaid:"required"`
	WireRoutingNumber *string `json:"wire_routing_number"`
	AccountType       string  `json:"account_type" plaid:"required"`
}

type migrateResponse struct {
	AccessToken string `json:"access_token"`
	AccountID   string `json:"account_id"`
	wire.Response
}

var (
	digits4to17 = regexp.MustCompile(`^\d{4,17}$`)
	digits9     = regexp.MustCompile(`^\d{9}$`)
)

// HandleMigrateAccount serves POST /bank_transfer/migrate_account and
// /transfer/migrate_account (one request, one answer): an Item at First
// Platypus Bank with one account of the numbers given, for moving money
// with; no product data is read from it.
func (a *API) HandleMigrateAccount(c *product.Call, req *migrateRequest) (any, *wire.Error) {
	switch {
	case !digits4to17.MatchString(req.AccountNumber):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("account_number must be 4 to 17 digits")
	case !digits9.MatchString(req.RoutingNumber):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("routing_number must be 9 digits")
	case req.WireRoutingNumber != nil && !digits9.MatchString(*req.WireRoutingNumber):
		return nil, wire.New(wire.CodeInvalidField).WithMessage("wire_routing_number must be 9 digits")
	case req.AccountType != "checking" && req.AccountType != "savings":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("account_type must be checking or savings")
	}
	migrated := func(accts []logins.Account) ([]logins.Account, *wire.Error) {
		i := slices.IndexFunc(accts, func(a logins.Account) bool { return a.Type == "depository" })
		if i < 0 {
			return nil, wire.New(wire.CodeInvalidField).WithMessage("the Sandbox user has no depository account to migrate into")
		}
		acct := accts[i]
		mask := req.AccountNumber[len(req.AccountNumber)-4:]
		acct.Name, acct.OfficialName, acct.Mask, acct.Subtype = "Migrated "+req.AccountType, nil, &mask, product.Ptr(req.AccountType)
		acct.Numbers = &fixtures.Numbers{ACH: &fixtures.ACH{Account: req.AccountNumber, Routing: req.RoutingNumber, WireRouting: req.WireRoutingNumber}}
		acct.Transactions, acct.Recurring = nil, nil
		return []logins.Account{acct}, nil
	}
	it, err := a.door.CreateItem(c.ClientID, c.Now, logins.NewItem{InstitutionID: "ins_109508", Products: []string{"auth"}, Username: "user_good",
		Password: "pass_good", SelectAccounts: migrated})
	if err != nil {
		return nil, err
	}
	c.ItemID = it.ID
	tok, _ := a.door.IssuePublicToken(c.ClientID, it.ID, c.Now)
	if it, err = a.door.Exchange(c.ClientID, tok, c.Now); err != nil {
		return nil, err
	}
	return &migrateResponse{AccessToken: it.AccessToken, AccountID: it.Accounts[0].ID}, nil
}

// slicesSortBySeq sorts transfers in creation order.
func slicesSortBySeq(ts []*BankTransfer) {
	slices.SortFunc(ts, func(x, y *BankTransfer) int { return x.Seq - y.Seq })
}
