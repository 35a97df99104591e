package transfer

import (
	"time"
	_ "time/tzdata" // the cutoffs' time zone, in the scratch image too

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Limits, capabilities, metrics, cutoffs and cancelled authorizations.

// networkCaps are each network's per-transfer cap, in cents (https://plaid.com/docs/transfer/creating-transfers/).
var networkCaps = map[string]int64{"ach": 10_000_000_00, "same-day-ach": 1_000_000_00, "rtp": 1_000_000_00, "wire": 999_999_99}

// The client's limits (/transfer/configuration/get). Plaid sets them per
// client and documents no Sandbox values: these are ours. A transfer over
// the single-transfer limit, or one that takes the day's approved amount of
// its type past the daily limit, is declined TRANSFER_LIMIT_REACHED.
const (
	maxSingle  = 100_000_00
	maxDaily   = 1_000_000_00
	maxMonthly = 10_000_000_00
)

// eastern is the time zone of the ACH cutoffs.
var eastern = func() *time.Location {
	if l, err := time.LoadLocation("America/New_York"); err == nil {
		return l
	}
	return time.FixedZone("EST", -5*3600) // unreachable with time/tzdata
}()

// networkAt is the network a transfer made at now goes on: same-day ACH
// after its 3:00 PM ET cutoff becomes standard ACH, in Sandbox as well
// (https://plaid.com/docs/transfer/creating-transfers/).
func networkAt(network string, now time.Time) string {
	if network == "same-day-ach" && now.In(eastern).Hour() >= 15 {
		return "ach"
	}
	return network
}

// limitLocked is the rationale for an approved authorization of amount
// that breaks a limit (nil when none does). Callers hold a.mu.
func (a *API) limitLocked(c *product.Call, typ string, amount int64) *Rationale {
	if amount > maxSingle {
		return &Rationale{"TRANSFER_LIMIT_REACHED", "max_single_transfer_amount: the amount is above the single-transfer limit of " + product.Money(maxSingle)}
	}
	day := c.Now.In(eastern).Format(time.DateOnly)
	var sum int64
	for _, au := range a.st.Auths {
		if au.ClientID == c.ClientID && au.Type == typ && au.Decision == "approved" && !au.Cancelled && au.Created.In(eastern).Format(time.DateOnly) == day {
			n, _ := product.Cents(au.Amount)
			sum += n
		}
	}
	if sum+amount > maxDaily {
		return &Rationale{"TRANSFER_LIMIT_REACHED", "max_daily_" + typ + "_amount: the day's " + typ + "s would pass the daily limit of " + product.Money(maxDaily)}
	}
	return nil
}

type authorizationCancelRequest struct {
	product.Credentials
	AuthorizationID string `json:"authorization_id" plaid:"required"`
}

// HandleAuthorizationCancel serves POST /transfer/authorization/cancel: an
// authorization not yet used stops counting and cannot make a transfer.
func (a *API) HandleAuthorizationCancel(c *product.Call, req *authorizationCancelRequest) (any, *wire.Error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	au := a.st.Auths[req.AuthorizationID]
	switch {
	case au == nil || au.ClientID != c.ClientID:
		return nil, wire.New(wire.CodeInvalidField).WithMessage("authorization_id is not a known authorization")
	case au.TransferID != "":
		return nil, wire.New(wire.CodeInvalidField).WithMessage("the authorization was already used to create a transfer")
	}
	au.Cancelled = true
	a.door.StateChanged(a.Name())
	return &wire.Response{}, nil
}

type capabilitiesRequest struct {
	product.Credentials
	AccessToken         string  `json:"access_token" plaid:"required"`
	AccountID           string  `json:"account_id" plaid:"required"`
	PaymentProfileToken *string `json:"payment_profile_token"`
}

type capabilitiesResponse struct {
	Networks struct {
		RTP struct {
			Credit bool `json:"credit"`
		} `json:"rtp"`
		RfP struct {
			Debit           bool    `json:"debit"`
			MaxAmount       *string `json:"max_amount"`
			ISOCurrencyCode *string `json:"iso_currency_code"`
		} `json:"rfp"`
	} `json:"institution_supported_networks"`
	wire.Response
}

// HandleCapabilities serves POST /transfer/capabilities/get: RTP credits
// for user_good's first two accounts at First Platypus Bank, as Sandbox
// (https://plaid.com/docs/transfer/creating-transfers/); no RfP.
func (a *API) HandleCapabilities(c *product.Call, req *capabilitiesRequest) (any, *wire.Error) {
	it, err := c.Items.Item(c.ClientID, req.AccessToken)
	if err != nil {
		return nil, err
	}
	i := product.AccountIndex(it, req.AccountID)
	if i < 0 {
		return nil, wire.New(wire.CodeInvalidAccountID)
	}
	out := &capabilitiesResponse{}
	m := it.Accounts[i].Mask
	out.Networks.RTP.Credit = it.Username == "user_good" && it.InstitutionID == "ins_109508" && m != nil && (*m == "0000" || *m == "1111")
	return out, nil
}

type configurationResponse struct {
	MaxSingle       string `json:"max_single_transfer_amount"`
	MaxSingleCredit string `json:"max_single_transfer_credit_amount"`
	MaxSingleDebit  string `json:"max_single_transfer_debit_amount"`
	MaxDailyCredit  string `json:"max_daily_credit_amount"`
	MaxDailyDebit   string `json:"max_daily_debit_amount"`
	MaxMonthly      string `json:"max_monthly_amount"`
	MaxMonthlyCred  string `json:"max_monthly_credit_amount"`
	MaxMonthlyDebit string `json:"max_monthly_debit_amount"`
	ISOCurrencyCode string `json:"iso_currency_code"`
	wire.Response
}

type originatorRequest struct {
	product.Credentials
	OriginatorClientID *string `json:"originator_client_id"`
}

// HandleConfiguration serves POST /transfer/configuration/get: the limits.
func (a *API) HandleConfiguration(*product.Call, *originatorRequest) (any, *wire.Error) {
	s, d, m := product.Money(maxSingle), product.Money(maxDaily), product.Money(maxMonthly)
	return &configurationResponse{MaxSingle: s, MaxSingleCredit: s, MaxSingleDebit: s, MaxDailyCredit: d, MaxDailyDebit: d,
		MaxMonthly: m, MaxMonthlyCred: m, MaxMonthlyDebit: m, ISOCurrencyCode: "USD"}, nil
}

type metricsResponse struct {
	DailyDebit    string `json:"daily_debit_transfer_volume"`
	DailyCredit   string `json:"daily_credit_transfer_volume"`
	Monthly       string `json:"monthly_transfer_volume"`
	MonthlyDebit  string `json:"monthly_debit_transfer_volume"`
	MonthlyCredit string `json:"monthly_credit_transfer_volume"`
	ISO           string `json:"iso_currency_code"`
	ReturnRates   any    `json:"return_rates"`
	Usage         any    `json:"authorization_usage"`
	wire.Response
}

// HandleMetrics serves POST /transfer/metrics/get: the volume of the
// client's transfers (all but cancelled and failed ones) this day and
// month, Eastern time.
func (a *API) HandleMetrics(c *product.Call, _ *originatorRequest) (any, *wire.Error) {
	now := c.Now.In(eastern)
	var dd, dc, md, mc int64
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, t := range a.st.Transfers {
		at := t.Created.In(eastern)
		if t.ClientID != c.ClientID || t.Status == "cancelled" || t.Status == "failed" || at.Year() != now.Year() || at.Month() != now.Month() {
			continue
		}
		n, _ := product.Cents(t.Amount)
		today := at.Day() == now.Day()
		if t.Type == "debit" {
			md += n
			if today {
				dd += n
			}
		} else {
			mc += n
			if today {
				dc += n
			}
		}
	}
	return &metricsResponse{DailyDebit: product.Money(dd), DailyCredit: product.Money(dc), Monthly: product.Money(md + mc), MonthlyDebit: product.Money(md),
		MonthlyCredit: product.Money(mc), ISO: "USD"}, nil
}
