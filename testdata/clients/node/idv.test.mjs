// Identity Verification and Monitor through plaid-node 47: every method,
// its request as plaid-node builds it and its response as plaid-node reads
// it (the Go test's proxy holds both to the spec). A Go test
// (emulator/node_test.go) starts the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, PlaidApi } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const client = new PlaidApi(new Configuration({ basePath, baseOptions: { headers: { 'PLAID-CLIENT-ID': 'idv_node', 'PLAID-SECRET': 'idv_secret' } } }));
const template_id = 'idvtmp_nodeclient01';
const leslie = { email_address: 'leslie@example.com', phone_number: '+12345678909', date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
  id_number: { value: '123456789', type: 'us_ssn' } };

test('Identity Verification: create, get, list, retry, autofill', async () => {
  const { data: s } = await client.identityVerificationCreate({ client_user_id: 'node-leslie', template_id, gave_consent: true, is_shareable: true, user: leslie });
  assert.match(s.id, /^idv_/);
  assert.equal(s.steps.accept_tos, 'skipped');
  assert.equal(s.steps.verify_sms, 'active', 'the SMS step waits for Link');
  assert.match(s.shareable_url, /^https?:\/\/[^/]+\/_emulator\/link\/share\/idv_\w+\?key=\w+$/, 'the emulator\'s own page');
  const { data: again } = await client.identityVerificationCreate({ client_user_id: 'node-leslie', template_id, gave_consent: true, is_shareable: true, is_idempotent: true });
  assert.equal(again.id, s.id);
  await assert.rejects(client.identityVerificationCreate({ client_user_id: 'node-leslie', template_id, gave_consent: true, is_shareable: true }),
    (err) => err.response.data.error_code === 'INVALID_FIELD');
  const { data: got } = await client.identityVerificationGet({ identity_verification_id: s.id });
  assert.equal(got.user.name.family_name, 'Knope');
  const { data: fill } = await client.identityVerificationAutofillCreate({ identity_verification_id: s.id });
  assert.equal(fill.status, 'success');
  assert.equal(fill.user.id_number.value, '6789');
  const { data: retry } = await client.identityVerificationRetry({ client_user_id: 'node-leslie', template_id, strategy: 'custom',
    steps: { verify_sms: false, kyc_check: true, documentary_verification: false, selfie_check: false }, user: leslie });
  assert.equal(retry.previous_attempt_id, s.id);
  assert.equal(retry.status, 'success', 'no SMS step: the data source passes Leslie at once');
  const { data: list } = await client.identityVerificationList({ template_id, client_user_id: 'node-leslie' });
  assert.deepEqual(list.identity_verifications.map((v) => v.status), ['success', 'canceled']);
});

test('Monitor: individuals and entities, hits, reviews, history, programs, dashboard users', async () => {
  const { data: kony } = await client.watchlistScreeningIndividualCreate({ search_terms: { watchlist_program_id: 'prg_sandbox_default',
    legal_name: 'Joseph Kony', date_of_birth: '1964-09-18', country: 'CF' }, client_user_id: 'node-kony' });
  assert.equal(kony.status, 'pending_review');
  const { data: hits } = await client.watchlistScreeningIndividualHitList({ watchlist_screening_id: kony.id });
  assert.equal(hits.watchlist_screening_hits.length, 2);
  const { data: rev } = await client.watchlistScreeningIndividualReviewCreate({ watchlist_screening_id: kony.id,
    confirmed_hits: [hits.watchlist_screening_hits[0].id], dismissed_hits: [hits.watchlist_screening_hits[1].id], comment: 'checked' });
  assert.equal(rev.comment, 'checked');
  const { data: users } = await client.dashboardUserList({});
  const { data: user } = await client.dashboardUserGet({ dashboard_user_id: users.dashboard_users[0].id });
  const { data: up } = await client.watchlistScreeningIndividualUpdate({ watchlist_screening_id: kony.id, status: 'rejected', assignee: user.id });
  assert.equal(up.assignee, user.id);
  assert.equal((await client.watchlistScreeningIndividualGet({ watchlist_screening_id: kony.id })).data.status, 'rejected');
  assert.equal((await client.watchlistScreeningIndividualHistoryList({ watchlist_screening_id: kony.id })).data.watchlist_screenings.length, 1);
  assert.equal((await client.watchlistScreeningIndividualReviewList({ watchlist_screening_id: kony.id })).data.watchlist_screening_reviews.length, 1);
  assert.equal((await client.watchlistScreeningIndividualList({ watchlist_program_id: 'prg_sandbox_default', client_user_id: 'node-kony' })).data.watchlist_screenings.length, 1);
  const { data: prog } = await client.watchlistScreeningIndividualProgramGet({ watchlist_program_id: 'prg_sandbox_default' });
  assert.ok(prog.lists_enabled.includes('US_SDN'));
  assert.equal((await client.watchlistScreeningIndividualProgramList({})).data.watchlist_programs.length, 1);

  const { data: ent } = await client.watchlistScreeningEntityCreate({ search_terms: { entity_watchlist_program_id: 'entprg_sandbox_default',
    legal_name: 'Islamic Radio And Television Union', country: 'AF' } });
  assert.equal(ent.status, 'pending_review');
  const { data: ehits } = await client.watchlistScreeningEntityHitList({ entity_watchlist_screening_id: ent.id });
  await client.watchlistScreeningEntityReviewCreate({ entity_watchlist_screening_id: ent.id, confirmed_hits: [], dismissed_hits: [ehits.entity_watchlist_screening_hits[0].id] });
  const { data: eup } = await client.watchlistScreeningEntityUpdate({ entity_watchlist_screening_id: ent.id, status: 'cleared' });
  assert.equal(eup.status, 'cleared');
  assert.equal((await client.watchlistScreeningEntityGet({ entity_watchlist_screening_id: ent.id })).data.status, 'cleared');
  assert.equal((await client.watchlistScreeningEntityHistoryList({ entity_watchlist_screening_id: ent.id })).data.entity_watchlist_screenings.length, 1);
  assert.equal((await client.watchlistScreeningEntityReviewList({ entity_watchlist_screening_id: ent.id })).data.entity_watchlist_screening_reviews.length, 1);
  assert.equal((await client.watchlistScreeningEntityList({ entity_watchlist_program_id: 'entprg_sandbox_default' })).data.entity_watchlist_screenings.length, 1);
  await client.watchlistScreeningEntityProgramGet({ entity_watchlist_program_id: 'entprg_sandbox_default' });
  assert.equal((await client.watchlistScreeningEntityProgramList({})).data.entity_watchlist_programs.length, 1);
});
