#!/usr/bin/env bash
# A Transfer journey with curl and jq against a running emulator
# (README, "Testing a Transfer integration"). U is its address.
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
