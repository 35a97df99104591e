package emulator

import (
	"time"
)

// publicTokenTTL is how long a public token can be exchanged (https://plaid.com/docs/api/tokens/).
const publicTokenTTL = 30 * time.Minute
