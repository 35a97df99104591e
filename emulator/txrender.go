package emulator

import (
	"crypto/sha256"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Transactions are written by hand from a per-merchant fragment computed
// once, so a page of 500 rows costs microseconds, not reflection.

// pfcIconBase is where Plaid serves personal_finance_category icons.
const pfcIconBase = "https://plaid-category-icons.plaid.com/PFC_"

// hashID is a stable 37-character Plaid-style id derived from seed.
func hashID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	e := make([]byte, 37)
	for i := range e {
		e[i] = idAlphabet[int(sum[i%32]+byte(i/32))%len(idAlphabet)]
	}
	return string(e)
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
			b = appendJSONString(b, h)
		}
		b = append(b, ']')
	}
	b = append(b, `,"category_id":`...)
	b = appendNullableString(b, nilIfEmpty(m.CategoryID))
	b = append(b, `,"counterparties":[`...)
	var entity *string
	if m.MerchantName != nil {
		es := hashID("merchant/" + *m.MerchantName)
		entity = &es
		b = append(b, `{"confidence_level":"VERY_HIGH","entity_id":`...)
		b = appendJSONString(b, es)
		b = append(b, `,"logo_url":`...)
		b = appendNullableString(b, m.LogoURL)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, *m.MerchantName)
		b = append(b, `,"type":`...)
		b = appendJSONString(b, m.CounterpartyType)
		b = append(b, `,"website":`...)
		b = appendNullableString(b, m.Website)
		b = append(b, '}')
	}
	b = append(b, `],"location":{"address":null,"city":`...)
	b = appendNullableString(b, m.City)
	b = append(b, `,"country":`...)
	if m.City != nil {
		b = append(b, `"US"`...)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"lat":null,"lon":null,"postal_code":null,"region":`...)
	b = appendNullableString(b, m.Region)
	b = append(b, `,"store_number":null},"logo_url":`...)
	b = appendNullableString(b, m.LogoURL)
	b = append(b, `,"merchant_entity_id":`...)
	b = appendNullableString(b, entity)
	b = append(b, `,"merchant_name":`...)
	b = appendNullableString(b, m.MerchantName)
	b = append(b, `,"payment_channel":`...)
	b = appendJSONString(b, m.PaymentChannel)
	b = append(b, `,"personal_finance_category_icon_url":`...)
	b = appendJSONString(b, pfcIconBase+m.PFCPrimary+".png")
	b = append(b, `,"transaction_code":`...)
	b = appendNullableString(b, m.TransactionCode)
	b = append(b, `,"transaction_type":`...)
	tt := "unresolved"
	if cat != nil {
		tt = cat.Group
	}
	b = appendJSONString(b, tt)
	b = append(b, `,"website":`...)
	b = appendNullableString(b, m.Website)

	var p []byte
	p = append(p, `"personal_finance_category":{"confidence_level":"VERY_HIGH","detailed":`...)
	p = appendJSONString(p, m.PFCDetailed)
	p = append(p, `,"primary":`...)
	p = appendJSONString(p, m.PFCPrimary)
	return merchantMeta{frag: b, pfc: p}
}

// txOptions are the per-request rendering choices.
type txOptions struct {
	originalDescription bool
	pfcVersion          string // "", "v1" or "v2"
}

// appendTxn writes one Transaction object; names are its txState's.
func (s *store) appendTxn(b []byte, t *txn, names []string, accountID string, o txOptions) []byte {
	meta := s.metaFor(t)
	b = append(b, `{"account_id":`...)
	b = appendJSONString(b, accountID)
	b = append(b, `,"account_owner":null,"amount":`...)
	b = strconv.AppendFloat(b, t.amount, 'f', -1, 64)
	b = append(b, `,"authorized_date":"`...)
	b = append(b, dayString(t.authDate)...)
	b = append(b, `","authorized_datetime":null,"check_number":null,"date":"`...)
	b = append(b, dayString(t.date)...)
	b = append(b, `","datetime":null,"iso_currency_code":`...)
	b = appendJSONString(b, t.currencyString())
	name := s.rowName(t, names)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, name)
	b = append(b, `,"original_description":`...)
	if o.originalDescription {
		b = appendJSONString(b, strings.ToUpper(name))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"payment_meta":{"by_order_of":null,"payee":null,"payer":null,"payment_method":null,"payment_processor":null,"ppd_id":null,"reason":null,"reference_number":null},"pending":`...)
	b = strconv.AppendBool(b, t.pending)
	b = append(b, `,"pending_transaction_id":`...)
	if !t.pendingID.isZero() {
		b = append(b, '"')
		b = append(b, t.pendingID[:]...)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"transaction_id":"`...)
	b = append(b, t.id[:]...)
	b = append(b, '"')
	b = append(b, `,"unofficial_currency_code":null,`...)
	b = append(b, meta.frag...)
	b = append(b, ',')
	b = append(b, meta.pfc...)
	if o.pfcVersion != "" {
		b = append(b, `,"version":"`...)
		b = append(b, o.pfcVersion...)
		b = append(b, '"')
	}
	return append(b, `}}`...)
}

// merchantOf is the catalogue entry a row takes its details from (a
// stand-in for rows without a merchant).
func (s *store) merchantOf(t *txn) *fixtures.Merchant {
	switch {
	case t.merchant >= 0:
		return &s.fx.Merchants[t.merchant]
	case t.amount < 0:
		return &noMerchantIn
	}
	return &noMerchantOut
}

// rowName is a row's description: its own, else its merchant's.
func (s *store) rowName(t *txn, names []string) string {
	if t.name >= 0 {
		return names[t.name]
	}
	if t.merchant >= 0 {
		return s.fx.Merchants[t.merchant].Name
	}
	return ""
}

// currencyString is the row's ISO currency code (USD when unset).
func (t *txn) currencyString() string {
	if t.currency == ([3]byte{}) {
		return "USD"
	}
	return strings.TrimRight(string(t.currency[:]), "\x00")
}

func (s *store) metaFor(t *txn) *merchantMeta {
	if t.merchant >= 0 {
		return &s.metas[t.merchant]
	}
	if t.amount < 0 {
		return &s.metaIn
	}
	return &s.metaOut
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func appendNullableString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
