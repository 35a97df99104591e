package ledger

import (
	"crypto/sha256"
	"strconv"
	"strings"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Transactions are written by hand from a per-merchant fragment computed
// once, so a page of 500 rows costs microseconds, not reflection.

// PFCIconURL is where Plaid serves a personal_finance_category's icon.
func PFCIconURL(primary string) string {
	return "https://plaid-category-icons.plaid.com/PFC_" + primary + ".png"
}

// HashID is a stable 37-character Plaid-style id derived from seed.
func HashID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	e := make([]byte, 37)
	for i := range e {
		e[i] = IDAlphabet[int(sum[i%32]+byte(i/32))%len(IDAlphabet)]
	}
	return string(e)
}

// Catalog is the fixtures and what is derived from them: the merchant
// catalogue with each merchant's JSON rendered once. It is immutable, so
// every Server made from the same fixtures shares one.
type Catalog struct {
	Fixtures        *fixtures.Set
	merchantIdx     map[string]int32
	metas           []merchantMeta
	metaIn, metaOut merchantMeta
}

// NewCatalog checks fx and renders its merchants.
func NewCatalog(fx *fixtures.Set) (*Catalog, error) {
	if err := fx.CrossCheck(); err != nil {
		return nil, err
	}
	c := &Catalog{Fixtures: fx, merchantIdx: make(map[string]int32, len(fx.Merchants)), metas: make([]merchantMeta, 0, len(fx.Merchants))}
	for i := range fx.Merchants {
		c.merchantIdx[fx.Merchants[i].Name] = int32(i)
		c.metas = append(c.metas, buildMerchantMeta(fx, &fx.Merchants[i]))
	}
	c.metaIn, c.metaOut = buildMerchantMeta(fx, &noMerchantIn), buildMerchantMeta(fx, &noMerchantOut)
	return c, nil
}

// merchantMeta is the pre-rendered JSON of the fields a merchant decides.
type merchantMeta struct {
	frag []byte // "category":…,"website":… (no surrounding commas)
	pfc  []byte // "personal_finance_category":{…  (left open for "version")
}

// noMerchantOut and noMerchantIn describe rows with no known merchant
// (user_custom, /sandbox/transactions/create): money out, money in.
var (
	noMerchantOut = fixtures.Merchant{CategoryID: "19000000", PFCPrimary: "GENERAL_MERCHANDISE",
		PFCDetailed: "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE", PaymentChannel: "other", CounterpartyType: "merchant"}
	noMerchantIn = fixtures.Merchant{CategoryID: "21000000", PFCPrimary: "TRANSFER_IN",
		PFCDetailed: "TRANSFER_IN_DEPOSIT", PaymentChannel: "other", CounterpartyType: "financial_institution"}
)

func buildMerchantMeta(fx *fixtures.Set, m *fixtures.Merchant) merchantMeta {
	var b []byte
	cat := fx.Category(m.CategoryID)
	b = append(b, `"category":`...)
	if cat == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, h := range cat.Hierarchy {
			if i > 0 {
				b = append(b, ',')
			}
			b = wire.AppendString(b, h)
		}
		b = append(b, ']')
	}
	b = append(b, `,"category_id":`...)
	b = wire.AppendNullableString(b, NilIfEmpty(m.CategoryID))
	b = append(b, `,"counterparties":[`...)
	var entity *string
	if m.MerchantName != nil {
		es := HashID("merchant/" + *m.MerchantName)
		entity = &es
		b = append(b, `{"confidence_level":"VERY_HIGH","entity_id":`...)
		b = wire.AppendString(b, es)
		b = append(b, `,"logo_url":`...)
		b = wire.AppendNullableString(b, m.LogoURL)
		b = append(b, `,"name":`...)
		b = wire.AppendString(b, *m.MerchantName)
		b = append(b, `,"type":`...)
		b = wire.AppendString(b, m.CounterpartyType)
		b = append(b, `,"website":`...)
		b = wire.AppendNullableString(b, m.Website)
		b = append(b, '}')
	}
	b = append(b, `],"location":{"address":null,"city":`...)
	b = wire.AppendNullableString(b, m.City)
	b = append(b, `,"country":`...)
	if m.City != nil {
		b = append(b, `"US"`...)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"lat":null,"lon":null,"postal_code":null,"region":`...)
	b = wire.AppendNullableString(b, m.Region)
	b = append(b, `,"store_number":null},"logo_url":`...)
	b = wire.AppendNullableString(b, m.LogoURL)
	b = append(b, `,"merchant_entity_id":`...)
	b = wire.AppendNullableString(b, entity)
	b = append(b, `,"merchant_name":`...)
	b = wire.AppendNullableString(b, m.MerchantName)
	b = append(b, `,"payment_channel":`...)
	b = wire.AppendString(b, m.PaymentChannel)
	b = append(b, `,"personal_finance_category_icon_url":`...)
	b = wire.AppendString(b, PFCIconURL(m.PFCPrimary))
	b = append(b, `,"transaction_code":`...)
	b = wire.AppendNullableString(b, m.TransactionCode)
	b = append(b, `,"transaction_type":`...)
	tt := "unresolved"
	if cat != nil {
		tt = cat.Group
	}
	b = wire.AppendString(b, tt)
	b = append(b, `,"website":`...)
	b = wire.AppendNullableString(b, m.Website)

	var p []byte
	p = append(p, `"personal_finance_category":{"confidence_level":"VERY_HIGH","detailed":`...)
	p = wire.AppendString(p, m.PFCDetailed)
	p = append(p, `,"primary":`...)
	p = wire.AppendString(p, m.PFCPrimary)
	return merchantMeta{frag: b, pfc: p}
}

// RenderOptions are the per-request rendering choices.
type RenderOptions struct {
	OriginalDescription bool
	PFCVersion          string // "", "v1" or "v2"
}

// AppendTxn writes one Transaction object; names are its txState's.
func (s *Catalog) AppendTxn(b []byte, t *Row, names []string, accountID string, o RenderOptions) []byte {
	meta := s.metaFor(t)
	b = append(b, `{"account_id":`...)
	b = wire.AppendString(b, accountID)
	b = append(b, `,"account_owner":null,"amount":`...)
	b = strconv.AppendFloat(b, t.Amount, 'f', -1, 64)
	b = append(b, `,"authorized_date":"`...)
	b = append(b, DayString(t.AuthDate)...)
	b = append(b, `","authorized_datetime":null,"check_number":null,"date":"`...)
	b = append(b, DayString(t.Date)...)
	b = append(b, `","datetime":null,"iso_currency_code":`...)
	b = wire.AppendString(b, t.CurrencyString())
	name := s.RowName(t, names)
	b = append(b, `,"name":`...)
	b = wire.AppendString(b, name)
	b = append(b, `,"original_description":`...)
	if o.OriginalDescription {
		b = wire.AppendString(b, strings.ToUpper(name))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"payment_meta":{"by_order_of":null,"payee":null,"payer":null,"payment_method":null,"payment_processor":null,"ppd_id":null,"reason":null,"reference_number":null},"pending":`...)
	b = strconv.AppendBool(b, t.Pending)
	b = append(b, `,"pending_transaction_id":`...)
	if !t.PendingID.IsZero() {
		b = append(b, '"')
		b = append(b, t.PendingID[:]...)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"transaction_id":"`...)
	b = append(b, t.ID[:]...)
	b = append(b, '"')
	b = append(b, `,"unofficial_currency_code":null,`...)
	b = append(b, meta.frag...)
	b = append(b, ',')
	b = append(b, meta.pfc...)
	if o.PFCVersion != "" {
		b = append(b, `,"version":"`...)
		b = append(b, o.PFCVersion...)
		b = append(b, '"')
	}
	return append(b, `}}`...)
}

// MerchantOf is the catalogue entry a row takes its details from (a
// stand-in for rows without a merchant).
func (s *Catalog) MerchantOf(t *Row) *fixtures.Merchant {
	switch {
	case t.Merchant >= 0:
		return &s.Fixtures.Merchants[t.Merchant]
	case t.Amount < 0:
		return &noMerchantIn
	}
	return &noMerchantOut
}

// RowName is a row's description: its own, else its merchant's.
func (s *Catalog) RowName(t *Row, names []string) string {
	if t.Name >= 0 {
		return names[t.Name]
	}
	if t.Merchant >= 0 {
		return s.Fixtures.Merchants[t.Merchant].Name
	}
	return ""
}

// CurrencyString is the row's ISO currency code (USD when unset).
func (t *Row) CurrencyString() string {
	if t.Currency == ([3]byte{}) {
		return "USD"
	}
	return strings.TrimRight(string(t.Currency[:]), "\x00")
}

func (s *Catalog) metaFor(t *Row) *merchantMeta {
	if t.Merchant >= 0 {
		return &s.metas[t.Merchant]
	}
	if t.Amount < 0 {
		return &s.metaIn
	}
	return &s.metaOut
}

func NilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
