package emulator

// Processor partners: the app turns one account of an Item into a token a
// payments partner redeems (processor tokens, Stripe bank account tokens).

// Processors is the processor enum of /processor/token/create: the spec's,
// plus partners the official clients still list (prime_trust). A test keeps
// it in step with the spec.
var Processors = []string{"dwolla", "galileo", "modern_treasury", "ocrolus", "vesta", "drivewealth", "vopay", "achq",
	"check", "checkbook", "circle", "sila_money", "rize", "svb_api", "unit", "wyre", "lithic", "alpaca", "astra", "moov",
	"treasury_prime", "marqeta", "checkout", "solid", "highnote", "gemini", "apex_clearing", "gusto", "adyen", "atomic",
	"i2c", "wepay", "riskified", "utb", "adp_roll", "fortress_trust", "bond", "bakkt", "teal", "zero_hash", "taba_pay",
	"knot", "sardine", "alloy", "finix", "nuvei", "layer", "boom", "paynote", "stake", "wedbush", "esusu", "ansa",
	"scribeup", "straddle", "loanpro", "bloom_credit", "sfox", "brale", "parafin", "cardless", "open_ledger", "valon",
	"gainbridge", "cardlytics", "pinwheel", "thread_bank", "array", "fiant", "oatfi", "curinos", "frame", "interchecks",
	"interchange", "atomicfi",
	// Legacy: gone from the current spec, still in plaid-go v20's.
	"prime_trust",
}

// LegacyProcessors are the entries of Processors that the current spec no longer lists.
var LegacyProcessors = []string{"prime_trust"}
