package plaidtest

import "regexp"

// The shapes of the Sandbox's ids and tokens.
var (
	IDPattern     = regexp.MustCompile(`^[A-Za-z0-9]{37}$`) // item_id, account_id, transaction_id
	UUIDPart      = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`
	LinkPattern   = regexp.MustCompile(`^link-sandbox-` + UUIDPart)
	PublicPattern = regexp.MustCompile(`^public-sandbox-` + UUIDPart)
	AccessPattern = regexp.MustCompile(`^access-sandbox-` + UUIDPart)
	// ProcessorPattern is a processor token's, StripePattern a Stripe bank account token's.
	ProcessorPattern = regexp.MustCompile(`^processor-sandbox-` + UUIDPart)
	StripePattern    = regexp.MustCompile(`^btok_[A-Za-z0-9]{20}$`)
)
