package emulator

import (
	"net/http"

	"github.com/gorilla/mux"
)

// routes is THE route table: every Plaid path and every /_emulator/ path,
// one line each. Plaid's are POST only; anything else is Plaid's 404.
func (s *Server) routes() http.Handler {
	r := mux.NewRouter()
	auth := opOptions{}
	s.plaidPaths = nil
	exact := map[string]http.Handler{}
	s.exact = exact
	plaid := func(path string, h http.HandlerFunc) {
		r.Handle(path, h)
		exact[path] = h
		s.plaidPaths = append(s.plaidPaths, path)
	}

	plaid("/link/token/create", plaidOp(s, auth, handleLinkTokenCreate))
	plaid("/link/token/get", plaidOp(s, auth, handleLinkTokenGet))
	plaid("/sandbox/public_token/create", plaidOp(s, auth, handleSandboxPublicTokenCreate))
	plaid("/sandbox/item/reset_login", plaidOp(s, auth, handleSandboxItemResetLogin))
	plaid("/item/public_token/exchange", plaidOp(s, auth, handleItemPublicTokenExchange))
	plaid("/item/get", plaidOp(s, auth, handleItemGet))
	plaid("/item/remove", plaidOp(s, auth, handleItemRemove))
	plaid("/item/access_token/invalidate", plaidOp(s, auth, handleItemAccessTokenInvalidate))
	plaid("/item/webhook/update", plaidOp(s, auth, handleItemWebhookUpdate))
	plaid("/accounts/get", plaidOp(s, auth, handleAccountsGet))
	plaid("/accounts/balance/get", plaidOp(s, auth, handleAccountsBalanceGet))
	plaid("/auth/get", plaidOp(s, auth, handleAuthGet))
	plaid("/identity/get", plaidOp(s, auth, handleIdentityGet))
	plaid("/identity/match", plaidOp(s, auth, handleIdentityMatch))
	plaid("/liabilities/get", plaidOp(s, auth, handleLiabilitiesGet))
	plaid("/asset_report/create", plaidOp(s, auth, handleAssetReportCreate))
	plaid("/asset_report/get", plaidOp(s, auth, handleAssetReportGet))
	plaid("/asset_report/pdf/get", plaidOp(s, auth, handleAssetReportPDFGet))
	plaid("/asset_report/refresh", plaidOp(s, auth, handleAssetReportRefresh))
	plaid("/asset_report/remove", plaidOp(s, auth, handleAssetReportRemove))
	plaid("/statements/list", plaidOp(s, auth, handleStatementsList))
	plaid("/statements/download", plaidOp(s, auth, handleStatementsDownload))
	plaid("/statements/refresh", plaidOp(s, auth, handleStatementsRefresh))
	plaid("/signal/evaluate", plaidOp(s, auth, handleSignalEvaluate))
	plaid("/signal/decision/report", plaidOp(s, auth, handleSignalDecisionReport))
	plaid("/signal/return/report", plaidOp(s, auth, handleSignalReturnReport))
	plaid("/signal/prepare", plaidOp(s, auth, handleSignalPrepare))
	plaid("/processor/signal/evaluate", plaidOp(s, auth, handleProcessorSignalEvaluate))
	plaid("/processor/signal/decision/report", plaidOp(s, auth, handleProcessorSignalDecisionReport))
	plaid("/processor/signal/return/report", plaidOp(s, auth, handleProcessorSignalReturnReport))
	plaid("/processor/signal/prepare", plaidOp(s, auth, handleProcessorSignalPrepare))
	plaid("/investments/holdings/get", plaidOp(s, auth, handleInvestmentsHoldingsGet))
	plaid("/investments/transactions/get", plaidOp(s, auth, handleInvestmentsTransactionsGet))
	plaid("/institutions/get", plaidOp(s, auth, handleInstitutionsGet))
	plaid("/institutions/get_by_id", plaidOp(s, auth, handleInstitutionsGetByID))
	plaid("/institutions/search", plaidOp(s, auth, handleInstitutionsSearch))
	plaid("/categories/get", plaidOp(s, opOptions{noAuth: true}, handleCategoriesGet))
	plaid("/transactions/sync", plaidOp(s, auth, handleTransactionsSync))
	plaid("/transactions/get", plaidOp(s, auth, handleTransactionsGet))
	plaid("/transactions/recurring/get", plaidOp(s, auth, handleTransactionsRecurringGet))
	plaid("/transactions/refresh", plaidOp(s, auth, handleTransactionsRefresh))
	plaid("/sandbox/transactions/create", plaidOp(s, auth, handleSandboxTransactionsCreate))
	plaid("/processor/token/create", plaidOp(s, auth, handleProcessorTokenCreate))
	plaid("/processor/apex/processor_token/create", plaidOp(s, auth, handleProcessorApexProcessorTokenCreate))
	plaid("/processor/stripe/bank_account_token/create", plaidOp(s, auth, handleProcessorStripeBankAccountTokenCreate))
	plaid("/sandbox/processor_token/create", plaidOp(s, auth, handleSandboxProcessorTokenCreate))
	plaid("/processor/account/get", plaidOp(s, auth, handleProcessorAccountGet))
	plaid("/processor/auth/get", plaidOp(s, auth, handleProcessorAuthGet))
	plaid("/processor/balance/get", plaidOp(s, auth, handleProcessorBalanceGet))
	plaid("/processor/identity/get", plaidOp(s, auth, handleProcessorIdentityGet))
	plaid("/processor/identity/match", plaidOp(s, auth, handleProcessorIdentityMatch))
	plaid("/processor/transactions/sync", plaidOp(s, auth, handleProcessorTransactionsSync))
	plaid("/processor/transactions/get", plaidOp(s, auth, handleProcessorTransactionsGet))
	plaid("/processor/transactions/refresh", plaidOp(s, auth, handleProcessorTransactionsRefresh))
	plaid("/processor/transactions/recurring/get", plaidOp(s, auth, handleProcessorTransactionsRecurringGet))
	plaid("/processor/liabilities/get", plaidOp(s, auth, handleProcessorLiabilitiesGet))
	plaid("/processor/investments/holdings/get", plaidOp(s, auth, handleProcessorInvestmentsHoldingsGet))
	plaid("/processor/investments/transactions/get", plaidOp(s, auth, handleProcessorInvestmentsTransactionsGet))
	plaid("/processor/token/permissions/set", plaidOp(s, auth, handleProcessorTokenPermissionsSet))
	plaid("/processor/token/permissions/get", plaidOp(s, auth, handleProcessorTokenPermissionsGet))
	plaid("/processor/token/webhook/update", plaidOp(s, auth, handleProcessorTokenWebhookUpdate))
	plaid("/webhook_verification_key/get", plaidOp(s, auth, handleWebhookVerificationKeyGet))
	plaid("/sandbox/item/fire_webhook", plaidOp(s, auth, handleSandboxItemFireWebhook))
	plaid("/sandbox/item/set_verification_status", plaidOp(s, auth, handleSandboxItemSetVerificationStatus))

	r.HandleFunc("/exchange_token", s.handleLegacyExchangeToken) // legacy, not in the spec

	r.HandleFunc("/_emulator/health", s.handleHealth).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/reset", s.handleReset).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/webhooks", s.handleWebhooksList).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/webhooks", s.handleWebhooksClear).Methods(http.MethodDelete)
	r.HandleFunc("/_emulator/webhooks/{id}/redeliver", s.handleWebhookRedeliver).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/webhook_keys/rotate", s.handleWebhookKeysRotate).Methods(http.MethodPost)
	r.Handle("/_emulator/link/complete", plaidOp(s, opOptions{noAuth: true}, handleLinkComplete)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/link/session", s.handleLinkUISession).Methods(http.MethodGet)
	r.Handle("/_emulator/link/accounts", plaidOp(s, opOptions{noAuth: true}, handleLinkAccounts)).Methods(http.MethodPost)
	r.Handle("/_emulator/link/oauth", plaidOp(s, opOptions{noAuth: true}, handleLinkOAuth)).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/link/oauth", s.handleLinkOAuthState).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/oauth/authorize", s.serveLinkAsset("oauth.html", "text/html; charset=utf-8")).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/link/ui", s.serveLinkAsset("link.html", "text/html; charset=utf-8")).Methods(http.MethodGet)
	r.HandleFunc("/link/v2/stable/link-initialize.js", s.serveLinkAsset("link-initialize.js", "text/javascript; charset=utf-8")).Methods(http.MethodGet)

	r.HandleFunc("/_emulator/items/{item_id}", s.handleEmulatorItem).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/clock", s.handleClockGet).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/clock", s.handleClockPost).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/scenarios", s.handleScenariosList).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/scenarios", s.handleScenariosPost).Methods(http.MethodPost)
	r.HandleFunc("/_emulator/scenarios", s.handleScenariosDelete).Methods(http.MethodDelete)
	r.HandleFunc("/_emulator/requests", s.handleRequestsList).Methods(http.MethodGet)
	r.HandleFunc("/_emulator/requests", s.handleRequestsClear).Methods(http.MethodDelete)

	if s.opts.ProgramAPI {
		// The Program API, a Plaid client of the emulator (internal/program routes these to its handlers).
		r.Handle("/plaid/links", s.program).Methods(http.MethodPost)
		r.Handle("/plaid/items", s.program).Methods(http.MethodPost)
		r.Handle("/plaid/accounts/{account_id}", s.program).Methods(http.MethodGet)
		r.Handle("/profiles/{profile_id}/plaid/items", s.program).Methods(http.MethodGet)
		r.Handle("/plaid/items/{item_id}/links", s.program).Methods(http.MethodPost)
		r.Handle("/plaid/items/{item_id}", s.program).Methods(http.MethodPatch)
	}

	r.NotFoundHandler = http.HandlerFunc(s.handleNotFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.handleNotFound)
	// Plaid's paths are exact: a map finds them without walking the
	// router's patterns; everything else goes through the router.
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if h, ok := exact[req.URL.Path]; ok {
			h.ServeHTTP(w, req)
			return
		}
		r.ServeHTTP(w, req)
	})
}

// PlaidPaths lists the Plaid API paths this server answers, in route-table order.
func (s *Server) PlaidPaths() []string { return append([]string(nil), s.plaidPaths...) }
