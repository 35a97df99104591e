#!/usr/bin/env bash
# A Transfer journey with curl and jq against a running emulator
# (docs/transfer.md). U is its address.
#   plaid-emulator &   then   bash examples/transfer-journey.sh
set -euo pipefail
U=${U:-http://127.0.0.1:7777}
H=(-H 'Content-Type: application/json' -H 'PLAID-CLIENT-ID: me' -H 'PLAID-SECRET: s3cret')
plaid() { curl -sS --fail-with-body "${H[@]}" "$U$1" -d "$2"; }

# An Item for Transfer, without Link, and its checking account.
PT=$(plaid /sandbox/public_token/create '{"institution_id":"ins_109508","initial_products":["auth","transfer"]}' | jq -r .public_token)
AT=$(plaid /item/public_token/exchange "{\"public_token\":\"$PT\"}" | jq -r .access_token)
ACCT=$(plaid /accounts/get "{\"access_token\":\"$AT\"}" | jq -r '.accounts[0].account_id')

# Authorize a $40 debit, then make the transfer from the authorization.
AUTH=$(plaid /transfer/authorization/create "{\"access_token\":\"$AT\",\"account_id\":\"$ACCT\",
  \"type\":\"debit\",\"network\":\"ach\",\"ach_class\":\"web\",\"amount\":\"40.00\",
  \"user\":{\"legal_name\":\"Anne Charleston\"}}")
echo "decision: $(jq -r .authorization.decision <<<"$AUTH")"            # approved
TR=$(plaid /transfer/create "{\"access_token\":\"$AT\",\"account_id\":\"$ACCT\",
  \"authorization_id\":\"$(jq -r .authorization.id <<<"$AUTH")\",\"description\":\"payment\"}" | jq -r .transfer.id)

# Sandbox moves nothing by itself: simulate each step of the money's journey.
for ev in posted settled funds_available; do
  plaid /sandbox/transfer/simulate "{\"transfer_id\":\"$TR\",\"event_type\":\"$ev\"}" >/dev/null
done
echo "status: $(plaid /transfer/get "{\"transfer_id\":\"$TR\"}" | jq -r .transfer.status)"   # funds_available
echo "events: $(plaid /transfer/event/sync '{"after_id":0}' | jq -c '[.transfer_events[].event_type]')"
echo "ledger: $(plaid /transfer/ledger/get '{}' | jq -c .balance)"      # {"available":"140.00","pending":"0.00"}

# Sweep $30 out of the Ledger to the funding account, and settle it.
SW=$(plaid /transfer/ledger/withdraw '{"amount":"30.00","idempotency_key":"sweep-1","network":"ach"}' | jq -r .sweep.id)
for ev in sweep.posted sweep.settled; do
  plaid /sandbox/transfer/ledger/withdraw/simulate "{\"sweep_id\":\"$SW\",\"event_type\":\"$ev\"}" >/dev/null
done
echo "ledger: $(plaid /transfer/ledger/get '{}' | jq -c .balance)"      # {"available":"110.00","pending":"0.00"}

# The magic amount $33.33 comes back R01 at once.
AUTH=$(plaid /transfer/authorization/create "{\"access_token\":\"$AT\",\"account_id\":\"$ACCT\",
  \"type\":\"debit\",\"network\":\"ach\",\"ach_class\":\"web\",\"amount\":\"33.33\",
  \"user\":{\"legal_name\":\"Anne Charleston\"}}" | jq -r .authorization.id)
BACK=$(plaid /transfer/create "{\"access_token\":\"$AT\",\"account_id\":\"$ACCT\",
  \"authorization_id\":\"$AUTH\",\"description\":\"payment\"}" | jq -r .transfer.id)
echo "return: $(plaid /transfer/get "{\"transfer_id\":\"$BACK\"}" | jq -c '[.transfer.status, .transfer.failure_reason.failure_code]')"

# Transfer for Platforms: an originator, onboarded, and $25 of the platform's Ledger given to it.
O=$(plaid /transfer/originator/create '{"company_name":"Acme Rentals"}' | jq -r .originator_client_id)
plaid /transfer/platform/originator/create "{\"originator_client_id\":\"$O\",\"originator_reviewed_at\":\"2026-06-01T00:00:00Z\",
  \"tos_acceptance_metadata\":{\"agreement_accepted\":true,\"originator_ip_address\":\"127.0.0.1\",
  \"agreement_accepted_at\":\"2026-06-01T00:00:00Z\"}}" >/dev/null
echo "originator: $(plaid /transfer/originator/get "{\"originator_client_id\":\"$O\"}" | jq -r .originator.transfer_diligence_status)"   # approved
FROM=$(plaid /transfer/ledger/get '{}' | jq -r .ledger_id)
TO=$(plaid /transfer/ledger/get "{\"originator_client_id\":\"$O\"}" | jq -r .ledger_id)
plaid /transfer/ledger/distribute "{\"from_ledger_id\":\"$FROM\",\"to_ledger_id\":\"$TO\",\"amount\":\"25.00\",\"idempotency_key\":\"give-1\"}" >/dev/null
echo "originator ledger: $(plaid /transfer/ledger/get "{\"originator_client_id\":\"$O\"}" | jq -c .balance)"   # {"available":"25.00","pending":"0.00"}
