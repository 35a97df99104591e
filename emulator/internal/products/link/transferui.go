package link

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Transfer UI in Link (https://plaid.com/docs/transfer/using-transfer-ui/):
// a link token made with transfer.intent_id shows the intent's payment
// after the account step (or at once, with the access_token of the Item
// that pays), and the user's confirmation is Transfer's Authorize, reached
// through the door. Link offers one account, as Transfer UI's Account
// Select must.

// Intent is what Link shows of a Transfer UI intent (product.IntentView,
// which Transfer makes).
type Intent = product.IntentView

// IntentDoor is Transfer as Link reaches it.
type IntentDoor interface {
	// TransferIntent is the client's intent.
	TransferIntent(clientID, id string) (Intent, *wire.Error)
	// AuthorizeIntent is the user confirming it with accountID of it.
	AuthorizeIntent(c *product.Call, id string, it product.Item, accountID string) (Intent, *wire.Error)
	// PaymentProfile is the client's payment profile: its status and, once
	// READY, its Item.
	PaymentProfile(clientID, token string) (status, itemID string, err *wire.Error)
	// LinkPaymentProfile links the account Link shared to a PENDING profile.
	LinkPaymentProfile(clientID, token, itemID, accountID string, now time.Time) *wire.Error
}

// profileOf checks /link/token/create's transfer.payment_profile_token: a
// PENDING profile links an account in Link; a READY one opens Link in
// update mode on its Item (a login to repair). It returns the token and,
// for a READY profile, the Item.
func (p *API) profileOf(c *product.Call, raw json.RawMessage) (string, string, *wire.Error) {
	var tr struct {
		Token *string `json:"payment_profile_token"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &tr) != nil || tr.Token == nil || *tr.Token == "" {
		return "", "", nil
	}
	status, itemID, err := p.door.PaymentProfile(c.ClientID, *tr.Token)
	switch {
	case err != nil:
		return "", "", err
	case status == "REMOVED":
		return "", "", wire.New(wire.CodeInvalidField).WithMessage("transfer.payment_profile_token: the payment profile was removed")
	case status == "READY":
		return *tr.Token, itemID, nil
	}
	return *tr.Token, "", nil
}

// intentOf checks /link/token/create's transfer.intent_id: the client's
// PENDING intent, and the Item the token updates holds its account.
func (p *API) intentOf(c *product.Call, raw json.RawMessage, it *product.Item) (string, *wire.Error) {
	var tr struct {
		IntentID *string `json:"intent_id"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &tr) != nil || tr.IntentID == nil || *tr.IntentID == "" {
		return "", nil
	}
	in, err := p.door.TransferIntent(c.ClientID, *tr.IntentID)
	switch {
	case err != nil:
		return "", err
	case in.Status != "PENDING":
		return "", wire.New(wire.CodeInvalidField).WithMessage("transfer.intent_id: the intent is %s; Link opens only a PENDING one", in.Status)
	case in.AccountID != nil && it == nil:
		return "", wire.New(wire.CodeInvalidField).WithMessage("transfer.intent_id: the intent names account_id %s; pass the access_token of its Item", *in.AccountID)
	case in.AccountID != nil && product.AccountIndex(*it, *in.AccountID) < 0:
		return "", wire.New(wire.CodeInvalidAccountID).WithMessage("the intent's account_id %s is not an account of the access_token's Item", *in.AccountID)
	}
	return in.ID, nil
}

// linkUIIntent is the session's view of the intent: the intent and, when
// the token's Item pays, the accounts the user may pay with.
type linkUIIntent struct {
	Intent
	Accounts []linkUIPayAccount `json:"accounts"`
}

type linkUIPayAccount struct {
	AccountID string  `json:"account_id"`
	Name      string  `json:"name"`
	Mask      *string `json:"mask"`
	Subtype   *string `json:"subtype"`
}

// sessionIntent is the page's view of lt's intent (nil: none).
func (p *API) sessionIntent(lt Token) *linkUIIntent {
	if lt.TransferIntent == "" {
		return nil
	}
	in, err := p.door.TransferIntent(lt.ClientID, lt.TransferIntent)
	if err != nil {
		return nil
	}
	out := &linkUIIntent{Intent: in, Accounts: []linkUIPayAccount{}}
	if it, ok := p.door.ItemByID(lt.ItemID); ok {
		for _, a := range payable(lt, it, in) {
			out.Accounts = append(out.Accounts, linkUIPayAccount{AccountID: a.ID, Name: a.Name, Mask: a.Mask, Subtype: a.Subtype})
		}
	}
	return out
}

// payable are the accounts of it the user may pay the intent with: the
// intent's own, or those Transfer moves money with.
func payable(lt Token, it product.Item, in Intent) []product.Account {
	var out []product.Account
	for _, a := range it.Accounts {
		mine := in.AccountID == nil || *in.AccountID == a.ID
		if mine && a.Type == "depository" && a.Subtype != nil && slices.Contains(product.AuthSubtypes, *a.Subtype) {
			out = append(out, a)
		}
	}
	return out
}

// confirm is the user's confirmation of lt's intent in Link: with the
// Item made or updated, the chosen account (by id, name or mask; none:
// the first the user may pay with) authorizes it.
func (p *API) confirm(c *product.Call, lt Token, it product.Item, chosen []string) (*Intent, *wire.Error) {
	in, err := p.door.TransferIntent(lt.ClientID, lt.TransferIntent)
	if err != nil {
		return nil, err
	}
	accts := payable(lt, it, in)
	if len(chosen) > 0 {
		accts = slices.DeleteFunc(accts, func(a product.Account) bool {
			return a.ID != chosen[0] && a.Name != chosen[0] && (a.Mask == nil || *a.Mask != chosen[0])
		})
	}
	if len(accts) == 0 {
		return nil, wire.New(wire.CodeInvalidAccountID).WithMessage("no account of the Item can pay this transfer intent: it needs a checking, savings or cash management account")
	}
	got, err := p.door.AuthorizeIntent(c, in.ID, it, accts[0].ID)
	if err != nil {
		return nil, err
	}
	return &got, nil
}

// transferStatus is onSuccess metadata's transfer_status: complete once
// the intent succeeded.
func transferStatus(in *Intent) *string {
	if in == nil {
		return nil
	}
	if in.Status == "SUCCEEDED" {
		return product.Ptr("complete")
	}
	return product.Ptr("incomplete")
}
