package wire

import (
	"fmt"
	"net/http"
	"strings"
)

// Error is a Plaid API error in Plaid's exact wire shape (the spec's PlaidError).
// It is the one error type of the emulator: handlers return it, the adapter
// writes it, and Items carry it in item.error.
type Error struct {
	ErrorType        string   `json:"error_type"`
	ErrorCode        string   `json:"error_code"`
	ErrorCodeReason  *string  `json:"error_code_reason"`
	ErrorMessage     string   `json:"error_message"`
	DisplayMessage   *string  `json:"display_message"`
	RequestID        string   `json:"request_id,omitempty"`
	Causes           []any    `json:"causes,omitempty"`
	Status           *int     `json:"status,omitempty"`
	DocumentationURL string   `json:"documentation_url"`
	SuggestedAction  *string  `json:"suggested_action"`
	HTTPStatus       int      `json:"-"`
	Detail           []string `json:"-"` // internal detail, logged only
}

func (e *Error) Error() string { return e.ErrorType + "/" + e.ErrorCode + ": " + e.ErrorMessage }

// Error types, named as Plaid names them.
const (
	TypeInvalidRequest      = "INVALID_REQUEST"
	TypeInvalidResult       = "INVALID_RESULT"
	TypeInvalidInput        = "INVALID_INPUT"
	TypeInstitutionError    = "INSTITUTION_ERROR"
	TypeRateLimitExceeded   = "RATE_LIMIT_EXCEEDED"
	TypeAPIError            = "API_ERROR"
	TypeItemError           = "ITEM_ERROR"
	TypeRecaptchaError      = "RECAPTCHA_ERROR"
	TypeOAuthError          = "OAUTH_ERROR"
	TypeSandboxError        = "SANDBOX_ERROR"
	TypeTransactionsError   = "TRANSACTIONS_ERROR"
	TypeTransferError       = "TRANSFER_ERROR"
	TypeSignalError         = "SIGNAL_ERROR"
	TypeBankTransferError   = "BANK_TRANSFER_ERROR"
	TypeUserError           = "USER_ERROR"
	TypeIncomeError         = "INCOME_VERIFICATION_ERROR"
	TypeConsumerReportError = "CONSUMER_REPORT_ERROR"
	TypeCheckReportError    = "CHECK_REPORT_ERROR"
)

// Error codes, named as Plaid names them.
const (
	CodeMissingFields          = "MISSING_FIELDS"
	CodeUnknownFields          = "UNKNOWN_FIELDS"
	CodeInvalidField           = "INVALID_FIELD"
	CodeInvalidBody            = "INVALID_BODY"
	CodeInvalidHeaders         = "INVALID_HEADERS"
	CodeInvalidConfiguration   = "INVALID_CONFIGURATION"
	CodeIncompatibleAPIVersion = "INCOMPATIBLE_API_VERSION"
	CodeNotFound               = "NOT_FOUND"
	CodeNoLongerAvailable      = "NO_LONGER_AVAILABLE"
	CodeSandboxOnly            = "SANDBOX_ONLY"

	CodeInvalidAPIKeys          = "INVALID_API_KEYS"
	CodeUnauthorizedEnvironment = "UNAUTHORIZED_ENVIRONMENT"
	CodeInvalidAccessToken      = "INVALID_ACCESS_TOKEN"
	CodeInvalidPublicToken      = "INVALID_PUBLIC_TOKEN"
	CodeInvalidProcessorToken   = "INVALID_PROCESSOR_TOKEN"
	CodeInvalidLinkToken        = "INVALID_LINK_TOKEN"
	CodeInvalidAccountID        = "INVALID_ACCOUNT_ID"
	CodeInvalidInstitution      = "INVALID_INSTITUTION"
	CodeInvalidProduct          = "INVALID_PRODUCT"
	CodeUserPermissionRevoked   = "USER_PERMISSION_REVOKED"
	CodeInvalidWebhookKeyID     = "INVALID_WEBHOOK_VERIFICATION_KEY_ID"

	CodeItemLoginRequired        = "ITEM_LOGIN_REQUIRED"
	CodeInvalidCredentials       = "INVALID_CREDENTIALS"
	CodeInvalidMFA               = "INVALID_MFA"
	CodeInvalidSendMethod        = "INVALID_SEND_METHOD"
	CodeItemLocked               = "ITEM_LOCKED"
	CodeItemNotSupported         = "ITEM_NOT_SUPPORTED"
	CodeItemNotFound             = "ITEM_NOT_FOUND"
	CodeMFANotSupported          = "MFA_NOT_SUPPORTED"
	CodeNoAccounts               = "NO_ACCOUNTS"
	CodeNoAuthAccounts           = "NO_AUTH_ACCOUNTS"
	CodeProductNotReady          = "PRODUCT_NOT_READY"
	CodeProductsNotSupported     = "PRODUCTS_NOT_SUPPORTED"
	CodeProductNotEnabled        = "PRODUCT_NOT_ENABLED"
	CodeInsufficientCredentials  = "INSUFFICIENT_CREDENTIALS"
	CodeUserSetupRequired        = "USER_SETUP_REQUIRED"
	CodePasswordResetRequired    = "PASSWORD_RESET_REQUIRED"
	CodeAccessNotGranted         = "ACCESS_NOT_GRANTED"
	CodeInvalidOTP               = "INVALID_OTP"
	CodeInvalidUpdatedUsername   = "INVALID_UPDATED_USERNAME"
	CodeItemConcurrentlyDeleted  = "ITEM_CONCURRENTLY_DELETED"
	CodeNoLiabilityAccounts      = "NO_LIABILITY_ACCOUNTS"
	CodeNoInvestmentAccounts     = "NO_INVESTMENT_ACCOUNTS"
	CodeCountryNotSupported      = "COUNTRY_NOT_SUPPORTED"
	CodeUserInputTimeout         = "USER_INPUT_TIMEOUT"
	CodeInstitutionDown          = "INSTITUTION_DOWN"
	CodeInstitutionNotResponding = "INSTITUTION_NOT_RESPONDING"
	CodeInstitutionNotAvailable  = "INSTITUTION_NOT_AVAILABLE"
	CodeInstitutionNoLongerSupp  = "INSTITUTION_NO_LONGER_SUPPORTED"
	CodeInstitutionNotFound      = "INSTITUTION_NOT_FOUND"
	CodeInstitutionNotEnabled    = "INSTITUTION_NOT_ENABLED_IN_ENVIRONMENT"
	CodeInternalServerError      = "INTERNAL_SERVER_ERROR"
	CodePlannedMaintenance       = "PLANNED_MAINTENANCE"
	CodeRecaptchaBad             = "RECAPTCHA_BAD"
	CodeRecaptchaRequired        = "RECAPTCHA_REQUIRED"
	CodeSandboxProductNotEnabled = "SANDBOX_PRODUCT_NOT_ENABLED"
	CodeSandboxWebhookInvalid    = "SANDBOX_WEBHOOK_INVALID"
	// Signal (https://plaid.com/docs/errors/signal/).
	CodeClientTransactionIDAlreadyInUse = "CLIENT_TRANSACTION_ID_ALREADY_IN_USE"
	// Transfer (https://plaid.com/docs/errors/transfer/).
	CodeSandboxTransferEventTransitionInvalid = "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID"
	CodeTransferNotCancellable                = "TRANSFER_NOT_CANCELLABLE"
	CodeTransferNetworkLimitExceeded          = "TRANSFER_NETWORK_LIMIT_EXCEEDED"
	CodeTransferUnsupportedAccountType        = "TRANSFER_UNSUPPORTED_ACCOUNT_TYPE"
	CodeTransferForbiddenACHClass             = "TRANSFER_FORBIDDEN_ACH_CLASS"
	CodeTransferOriginatorNotFound            = "TRANSFER_ORIGINATOR_NOT_FOUND"
	CodeIncompleteCustomerOnboarding          = "INCOMPLETE_CUSTOMER_ONBOARDING"
	CodeSyncMutation                          = "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION"
	// Users (https://plaid.com/docs/errors/user/, /invalid-input/).
	CodeUserNotFound     = "USER_NOT_FOUND"
	CodeInvalidUserToken = "INVALID_USER_TOKEN"
	CodeInvalidUserID    = "INVALID_USER_ID"
	// Micro-deposits (https://plaid.com/docs/errors/invalid-input/).
	CodeIncorrectDepositVerification = "INCORRECT_DEPOSIT_VERIFICATION"
	CodeTooManyVerificationAttempts  = "TOO_MANY_VERIFICATION_ATTEMPTS"
	// Bank Transfers (https://plaid.com/docs/errors/bank-transfers/).
	CodeBankTransferNotCancellable                = "BANK_TRANSFER_NOT_CANCELLABLE"
	CodeBankTransferUnsupportedAccountType        = "BANK_TRANSFER_UNSUPPORTED_ACCOUNT_TYPE"
	CodeBankTransferInvalidOriginationAccount     = "BANK_TRANSFER_INVALID_ORIGINATION_ACCOUNT"
	CodeSandboxBankTransferEventTransitionInvalid = "SANDBOX_BANK_TRANSFER_EVENT_TRANSITION_INVALID"
	CodeRateLimit                                 = "RATE_LIMIT"
	// Income (https://plaid.com/docs/errors/income/).
	CodeIncomeNotFound         = "INCOME_VERIFICATION_NOT_FOUND"
	CodeIncomeFailed           = "INCOME_VERIFICATION_FAILED"
	CodeIncomeDocumentNotFound = "INCOME_VERIFICATION_DOCUMENT_NOT_FOUND"
	CodeIncomeUploadError      = "INCOME_VERIFICATION_UPLOAD_ERROR"
	CodePendingApproval        = "VERIFICATION_STATUS_PENDING_APPROVAL"
	CodeEmploymentNotFound     = "EMPLOYMENT_NOT_FOUND"
	// Consumer Report (https://plaid.com/docs/errors/check-report/).
	CodeConsumerReportNotFound  = "CONSUMER_REPORT_NOT_FOUND"
	CodeConsumerReportExpired   = "CONSUMER_REPORT_EXPIRED"
	CodeDataUnavailable         = "DATA_UNAVAILABLE"
	CodeProductGenerationFailed = "PRODUCT_GENERATION_FAILED"
	CodeFraudBlock              = "USER_ON_IDENTITY_THEFT_OR_FRAUD_BLOCK"
	CodeHistoryNotSupported     = "INSTITUTION_TRANSACTION_HISTORY_NOT_SUPPORTED"
	CodeUnauthorizedRoute       = "UNAUTHORIZED_ROUTE_ACCESS"
)

// catalogueEntry is what Plaid says for one error code.
type catalogueEntry struct {
	errType string
	status  int
	message string
	display string // "" means display_message is null
	docPath string // documentation section, e.g. "item"
}

// Messages are Plaid's (see the reference); user-facing ones live here only.
const (
	msgNotFound          = "not found"
	msgInvalidBody       = "body could not be parsed as JSON"
	msgInvalidAPIKeys    = "invalid client_id or secret provided"
	msgInvalidAccess     = "could not find matching access token"
	msgInvalidPublic     = "could not find matching public token"
	msgInvalidLink       = "invalid link_token provided"
	msgInvalidAccountID  = "failed to find requested account ID for requested item"
	msgInvalidInst       = "invalid institution_id provided"
	msgLoginRequired     = "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state"
	msgInternal          = "an unexpected error occurred"
	msgInvalidCreds      = "the provided credentials were not correct"
	msgInvalidCredsDisp  = "The provided credentials were not correct. Please try again."
	msgInvalidMFA        = "the provided MFA response(s) were not correct"
	msgInvalidMFADisp    = "The provided MFA responses were not correct. Please try again."
	msgInstDown          = "this institution is not currently responding to this request. please try again soon"
	msgInstDownDisp      = "This financial institution is not currently responding to requests. We apologize for the inconvenience."
	msgProductNotReady   = "the requested product is not yet ready. please provide a webhook or try the request again later"
	msgNoAuthAccounts    = "There are no valid checking or savings account(s) associated with this Item. See https://plaid.com/docs/api/#item-errors for more."
	msgRateLimit         = "rate limit exceeded for attempts to access this item. please try again later"
	msgPermissionRevoked = "the holder of this account has revoked their permission for your application to access it"
)

var catalogue = map[string]catalogueEntry{
	CodeMissingFields:          {TypeInvalidRequest, 400, "the following required fields are missing: %s", "", "invalid-request"},
	CodeUnknownFields:          {TypeInvalidRequest, 400, "the following fields are not recognized by this endpoint: %s", "", "invalid-request"},
	CodeInvalidField:           {TypeInvalidRequest, 400, "one or more of the request fields is invalid", "", "invalid-request"},
	CodeInvalidBody:            {TypeInvalidRequest, 400, msgInvalidBody, "", "invalid-request"},
	CodeInvalidHeaders:         {TypeInvalidRequest, 400, "one or more of the request headers is invalid", "", "invalid-request"},
	CodeInvalidConfiguration:   {TypeInvalidRequest, 400, "please ensure that the request body is formatted correctly", "", "invalid-request"},
	CodeIncompatibleAPIVersion: {TypeInvalidRequest, 400, "The public_key cannot be used for this endpoint as of version 2020-09-14 of the API. Please use the client_id and secret instead.", "", "invalid-request"},
	CodeNotFound:               {TypeInvalidRequest, 404, msgNotFound, "", "invalid-request"},
	CodeNoLongerAvailable:      {TypeInvalidRequest, 404, "This endpoint has been discontinued as of version 2020-09-14 of the API.", "", "invalid-request"},
	CodeSandboxOnly:            {TypeInvalidRequest, 400, "access to this route is only available in the sandbox environment at https://sandbox.plaid.com/", "", "invalid-request"},

	CodeInvalidAPIKeys:          {TypeInvalidInput, 400, msgInvalidAPIKeys, "", "invalid-input"},
	CodeUnauthorizedEnvironment: {TypeInvalidInput, 400, "you are not authorized to create items in this api environment. Go to the Dashboard (https://dashboard.plaid.com) to see which environments you are authorized for.", "", "invalid-input"},
	CodeInvalidAccessToken:      {TypeInvalidInput, 400, msgInvalidAccess, "", "invalid-input"},
	CodeInvalidPublicToken:      {TypeInvalidInput, 400, msgInvalidPublic, "", "invalid-input"},
	CodeInvalidProcessorToken:   {TypeInvalidInput, 400, "processor token not found", "", "invalid-input"},
	CodeInvalidLinkToken:        {TypeInvalidInput, 400, msgInvalidLink, "", "invalid-input"},
	CodeInvalidAccountID:        {TypeInvalidInput, 400, msgInvalidAccountID, "", "invalid-input"},
	CodeInvalidInstitution:      {TypeInvalidInput, 400, msgInvalidInst, "", "invalid-input"},
	CodeInvalidProduct:          {TypeInvalidInput, 400, "client is not authorized to access the following products: %s", "", "invalid-input"},
	CodeInvalidWebhookKeyID:     {TypeInvalidInput, 400, "invalid key_id provided. note that key_ids are specific to Plaid environments, and verification requests must be made to the same environment that the webhook was sent from", "", "invalid-input"},
	CodeUserPermissionRevoked:   {TypeInvalidInput, 400, msgPermissionRevoked, "The holder of this account has revoked their permission for your application to access it.", "invalid-input"},

	CodeItemLoginRequired:       {TypeItemError, 400, msgLoginRequired, "", "item"},
	CodeInvalidCredentials:      {TypeItemError, 400, msgInvalidCreds, msgInvalidCredsDisp, "item"},
	CodeInvalidMFA:              {TypeItemError, 400, msgInvalidMFA, msgInvalidMFADisp, "item"},
	CodeInvalidSendMethod:       {TypeItemError, 400, "the provided MFA send_method was invalid", "", "item"},
	CodeItemLocked:              {TypeItemError, 400, "the account is locked. prompt the user to visit the institution's site and unlock their account", "The given credentials are correct, but the account is locked. Please visit your financial institution's website to unlock your account.", "item"},
	CodeItemNotSupported:        {TypeItemError, 400, "this account is currently not supported", "The given account is not currently supported for this financial institution. We apologize for the inconvenience.", "item"},
	CodeItemNotFound:            {TypeItemError, 400, "The Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user.", "", "item"},
	CodeMFANotSupported:         {TypeItemError, 400, "this account requires a MFA type that we do not currently support for the institution", "The multi-factor security features enabled on this account are not currently supported for this financial institution. We apologize for the inconvenience.", "item"},
	CodeNoAccounts:              {TypeItemError, 400, "no valid accounts were found for this item", "No valid accounts were found at the financial institution. Please visit your financial institution's website to confirm accounts are available.", "item"},
	CodeNoAuthAccounts:          {TypeItemError, 400, msgNoAuthAccounts, "", "item"},
	CodeNoLiabilityAccounts:     {TypeItemError, 400, "no valid liability accounts were found for this item", "", "item"},
	CodeNoInvestmentAccounts:    {TypeItemError, 400, "no valid investment accounts were found for this item", "", "item"},
	CodeProductNotReady:         {TypeItemError, 400, msgProductNotReady, "", "item"},
	CodeProductsNotSupported:    {TypeItemError, 400, "", "", "item"},
	CodeProductNotEnabled:       {TypeItemError, 400, "the requested product is not enabled for this access token", "", "item"},
	CodeInsufficientCredentials: {TypeItemError, 400, "insufficient authorization was provided to complete the request", "INSUFFICIENT_CREDENTIALS", "item"},
	CodeUserSetupRequired:       {TypeItemError, 400, "the account has not been fully set up. prompt the user to visit the issuing institution's site and finish the setup process", "The given account is not fully setup. Please visit your financial institution's website to setup your account.", "item"},
	CodePasswordResetRequired:   {TypeItemError, 400, "the account requires a password reset. prompt the user to visit the issuing institution's site and reset their password", "", "item"},
	CodeAccessNotGranted:        {TypeItemError, 400, "the user did not grant the necessary permissions for their account", "", "item"},
	CodeInvalidOTP:              {TypeItemError, 400, "the provided one-time passcode was not correct", "", "item"},
	CodeInvalidUpdatedUsername:  {TypeItemError, 400, "the username provided is not correct", "", "item"},
	CodeItemConcurrentlyDeleted: {TypeItemError, 400, "this item was deleted while the operation was in progress", "", "item"},
	CodeCountryNotSupported:     {TypeItemError, 400, "this country is not currently supported", "", "item"},
	CodeUserInputTimeout:        {TypeItemError, 400, "user must retry this operation", "", "item"},

	CodeInstitutionDown:          {TypeInstitutionError, 400, msgInstDown, msgInstDownDisp, "institution"},
	CodeInstitutionNotResponding: {TypeInstitutionError, 400, msgInstDown, msgInstDownDisp, "institution"},
	CodeInstitutionNotAvailable:  {TypeInstitutionError, 400, "this institution is not currently responding to this request. please try again soon", msgInstDownDisp, "institution"},
	CodeInstitutionNoLongerSupp:  {TypeInstitutionError, 400, "this institution is no longer supported", "Plaid no longer supports this financial institution.", "institution"},
	CodeInstitutionNotFound:      {TypeInstitutionError, 400, "this institution was not found. Please check the ID supplied", "", "institution"},
	CodeInstitutionNotEnabled:    {TypeInstitutionError, 400, "Institution not enabled in this environment", "", "institution"},

	CodeInternalServerError: {TypeAPIError, 500, msgInternal, "", "api"},
	CodePlannedMaintenance:  {TypeAPIError, 503, "the Plaid API is temporarily unavailable due to planned maintenance. visit https://status.plaid.com/ for more information", "", "api"},

	CodeRecaptchaBad:      {TypeRecaptchaError, 400, "the provided challenge response was denied", "", "recaptcha"},
	CodeRecaptchaRequired: {TypeRecaptchaError, 400, "this request requires additional verification. please resubmit the request after completing the challenge", "", "recaptcha"},

	CodeClientTransactionIDAlreadyInUse: {TypeSignalError, 400, "the client_transaction_id was already used for another transaction", "", "signal"},

	CodeSandboxProductNotEnabled:                  {TypeSandboxError, 400, "The %s product is not enabled on this item", "", "sandbox"},
	CodeSandboxTransferEventTransitionInvalid:     {TypeSandboxError, 400, "The provided simulated event type is incompatible with the current transfer status", "", "sandbox"},
	CodeTransferNotCancellable:                    {TypeTransferError, 400, "transfer is not cancellable", "", "transfer"},
	CodeTransferNetworkLimitExceeded:              {TypeTransferError, 400, "transfer amount exceeds the network limit", "", "transfer"},
	CodeTransferUnsupportedAccountType:            {TypeTransferError, 400, "the account is not a checking, savings or cash management account", "", "transfer"},
	CodeTransferForbiddenACHClass:                 {TypeTransferError, 400, "the ach_class is not allowed for this transfer", "", "transfer"},
	CodeTransferOriginatorNotFound:                {TypeTransferError, 400, "the originator_client_id is not one of this client's originators", "", "transfer"},
	CodeIncompleteCustomerOnboarding:              {TypeTransferError, 400, "the originator has not completed onboarding", "", "transfer"},
	CodeUserNotFound:                              {TypeUserError, 400, "the user was not found", "", "user"},
	CodeInvalidUserToken:                          {TypeInvalidInput, 400, "could not find matching user token", "", "invalid-input"},
	CodeInvalidUserID:                             {TypeInvalidInput, 400, "the user_id is not a valid user id", "", "invalid-input"},
	CodeIncorrectDepositVerification:              {TypeInvalidInput, 400, "the user submitted an incorrect Manual Same-Day micro-deposit verification input", "Couldn't verify your bank account. Check the deposits and try again.", "invalid-input"},
	CodeTooManyVerificationAttempts:               {TypeInvalidInput, 400, "the user attempted to verify their Manual Same-Day micro-deposits more than 3 times and their Item is now permanently locked. The user must retry submitting their account information in Link.", "", "invalid-input"},
	CodeBankTransferNotCancellable:                {TypeBankTransferError, 400, "bank transfer is not cancellable", "", "bank-transfers"},
	CodeBankTransferUnsupportedAccountType:        {TypeBankTransferError, 400, "bank transfers can only move money with depository checking or savings accounts", "", "bank-transfers"},
	CodeBankTransferInvalidOriginationAccount:     {TypeBankTransferError, 400, "the origination_account_id is not one of this client's origination accounts", "", "bank-transfers"},
	CodeSandboxBankTransferEventTransitionInvalid: {TypeSandboxError, 400, "The provided simulated event type is incompatible with the current bank transfer status", "", "sandbox"},
	CodeSandboxWebhookInvalid:                     {TypeSandboxError, 400, "Webhook for this item is either not set up, or invalid. Please update the item's webhook and try again.", "", "sandbox"},

	CodeSyncMutation: {TypeTransactionsError, 400, "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.", "", "transactions"},

	CodeRateLimit: {TypeRateLimitExceeded, 429, msgRateLimit, "", "rate-limit-exceeded"},

	CodeIncomeNotFound:         {TypeIncomeError, 400, "no completed income verification was found for this user: finish an income Link session first", "", "income"},
	CodeIncomeFailed:           {TypeIncomeError, 400, "the income verification failed to process", "", "income"},
	CodeIncomeDocumentNotFound: {TypeIncomeError, 400, "the document was not found: a download URL works once and for 2 minutes", "", "income"},
	CodeIncomeUploadError:      {TypeIncomeError, 500, "the uploaded document could not be processed", "", "income"},
	CodePendingApproval:        {TypeIncomeError, 400, "the user has not yet approved sharing their income data", "", "income"},
	CodeEmploymentNotFound:     {TypeIncomeError, 400, "no employment data was found for this user: run a payroll income Link session first", "", "income"},

	CodeConsumerReportNotFound:  {TypeConsumerReportError, 400, "no consumer report was ever made for this user: Link with a permissible purpose or call /cra/check_report/create", "", "check-report"},
	CodeConsumerReportExpired:   {TypeConsumerReportError, 400, "the consumer report expired 24 hours after it was made: call /cra/check_report/create for a new one", "", "check-report"},
	CodeDataUnavailable:         {TypeCheckReportError, 400, "the consumer report could not be made: no Item of the user supplied data", "", "check-report"},
	CodeProductGenerationFailed: {TypeCheckReportError, 400, "this product of the consumer report could not be generated", "", "check-report"},
	CodeFraudBlock:              {TypeCheckReportError, 400, "the user reported identity theft or fraud to Plaid Check: no consumer report can be made for them", "", "check-report"},
	CodeHistoryNotSupported:     {TypeCheckReportError, 400, "the user's Items do not have the days of history the report requires (days_required)", "", "check-report"},
	CodeUnauthorizedRoute:       {TypeInvalidInput, 400, "this client is not enabled for this route; ask for access to the product", "", "invalid-input"},
}

// rateLimitCodes are the endpoint-specific RATE_LIMIT_EXCEEDED codes.
var rateLimitCodes = []string{"ACCOUNTS_LIMIT", "ACCOUNTS_BALANCE_GET_LIMIT", "AUTH_LIMIT", "IDENTITY_LIMIT",
	"ITEM_GET_LIMIT", "TRANSACTIONS_LIMIT", "TRANSACTIONS_SYNC_LIMIT", "INSTITUTIONS_GET_LIMIT",
	"INSTITUTIONS_GET_BY_ID_LIMIT"}

func init() {
	for _, c := range rateLimitCodes {
		catalogue[c] = catalogue[CodeRateLimit]
	}
}

// KnownCode reports whether code is in the emulator's error catalogue.
func KnownCode(code string) bool { _, ok := catalogue[code]; return ok }

// ItemCreationCode reports whether code may be forced at Item creation with an
// error_<CODE> password (ITEM_ERROR and INSTITUTION_ERROR codes, plus the few
// others the Sandbox honours).
func ItemCreationCode(code string) bool {
	e, ok := catalogue[code]
	if !ok {
		return false
	}
	return e.errType == TypeItemError || e.errType == TypeInstitutionError || code == CodeInternalServerError ||
		code == CodeRecaptchaBad || code == CodeUserPermissionRevoked
}

// newError builds the error for code from the catalogue; args fill a %s in the message.
func New(code string, args ...any) *Error {
	c, ok := catalogue[code]
	if !ok {
		c = catalogueEntry{TypeAPIError, http.StatusInternalServerError, msgInternal, "", "api"}
	}
	msg := c.message
	if len(args) > 0 && strings.Contains(msg, "%") {
		msg = fmt.Sprintf(msg, args...)
	}
	e := &Error{
		ErrorType:        c.errType,
		ErrorCode:        code,
		ErrorMessage:     msg,
		DocumentationURL: "https://plaid.com/docs/errors/" + c.docPath + "/#" + strings.ToLower(code),
		HTTPStatus:       c.status,
	}
	if c.display != "" {
		d := c.display
		e.DisplayMessage = &d
	}
	return e
}

// WithMessage replaces the developer message.
func (e *Error) WithMessage(format string, args ...any) *Error {
	e.ErrorMessage = fmt.Sprintf(format, args...)
	return e
}

// WithStatus answers the error with another HTTP status (the HTTP layer's
// 431, say), its body unchanged.
func (e *Error) WithStatus(status int) *Error {
	e.HTTPStatus = status
	return e
}

// internalError hides detail from the caller; the adapter logs it.
func Internal(err error) *Error {
	e := New(CodeInternalServerError)
	e.Detail = []string{err.Error()}
	return e
}

// Clone returns a deep copy, safe to mutate and to hand across the store's lock.
func (e *Error) Clone() *Error {
	if e == nil {
		return nil
	}
	c := *e
	if e.Status != nil {
		s := *e.Status
		c.Status = &s
	}
	return &c
}

// ForItem returns the error as stored on an Item (no request_id, status unset).
func (e *Error) ForItem() *Error {
	c := e.Clone()
	c.RequestID = ""
	c.Detail = nil
	return c
}
