package product

// IntentView is what Link shows of a Transfer UI intent and what the
// user's confirmation made of it: Transfer makes it (transfer.Intent.View),
// Link reads it.
type IntentView struct {
	ID        string  `json:"id"`
	Status    string  `json:"status"` // PENDING, SUCCEEDED or FAILED
	Mode      string  `json:"mode"`   // PAYMENT or DISBURSEMENT
	Amount    string  `json:"amount"`
	Network   string  `json:"network"`
	About     string  `json:"description"`
	AccountID *string `json:"account_id"`
	// Decision is authorization_decision (APPROVED, DECLINED) once confirmed,
	// Reason its rationale's description.
	Decision   *string `json:"authorization_decision"`
	Reason     *string `json:"reason"`
	TransferID *string `json:"transfer_id"`
	TriesLeft  int     `json:"tries_left"`
}
