// The drop-in Link page in a real browser: every pane for user_good, each
// kind of MFA, an error password and update mode, with Plaid's onEvent
// sequence and metadata and the onSuccess/onExit shapes. A Go test
// (emulator/node_test.go) starts the emulator and sets PLAID_EMULATOR_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { plaid, linkToken, openLink, result, events, shot, checkEvents, assertSuccessMetadata, assertExit, start, stop } from './harness.mjs';

before(start);
after(stop);

const LOGIN = ['SUBMIT_CREDENTIALS', 'TRANSITION_VIEW:LOADING'];
const FINISH = ['TRANSITION_VIEW:SELECT_ACCOUNT', 'TRANSITION_VIEW:LOADING', 'TRANSITION_VIEW:CONNECTED', 'HANDOFF'];
const START = ['OPEN', 'TRANSITION_VIEW:CONSENT', 'TRANSITION_VIEW:SELECT_INSTITUTION'];

// pick goes from the consent pane to a bank's login.
async function pick(frame, bank) {
  await frame.getByRole('heading', { name: 'Browser App uses Plaid to connect your account' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: bank }).click();
  await frame.getByRole('heading', { name: 'Log in to ' + bank }).waitFor();
}
async function logIn(frame, password) {
  await frame.getByLabel('Username').fill('user_good');
  await frame.getByLabel('Password').fill(password);
  await frame.getByRole('button', { name: 'Submit' }).click();
}
async function finish(page, frame) {
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Success' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  return r;
}

test('user_good: consent, bank, login, accounts, success; onSuccess once Continue is pressed', async () => {
  const token = await linkToken();
  const { page, frame } = await openLink(token);
  await frame.getByRole('heading', { name: 'Browser App uses Plaid to connect your account' }).waitFor();
  await shot(frame, 'link-consent');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'First Platypus Bank' }).waitFor();
  await shot(frame, 'link-institutions');
  await frame.getByLabel('Search').fill('platypus');
  await frame.getByRole('button', { name: 'First Platypus Bank' }).click();
  await frame.getByRole('heading', { name: 'Log in to First Platypus Bank' }).waitFor();
  await shot(frame, 'link-credentials');
  await logIn(frame, 'pass_good');
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await frame.getByText('$100.00').waitFor(); // balances shown
  await shot(frame, 'link-accounts');
  assert.equal(await frame.getByRole('checkbox', { checked: true }).count(), await frame.getByRole('checkbox').count());
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Success' }).waitFor();
  await frame.getByRole('list', { name: 'Connected accounts' }).getByText('Plaid Checking').waitFor();
  await shot(frame, 'link-success');
  assert.equal(await page.evaluate(() => window.result), undefined, 'onSuccess waits on the success pane');
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  assert.match(r.public_token, /^public-sandbox-/);
  assert.deepEqual(r.metadata.institution, { name: 'First Platypus Bank', institution_id: 'ins_109508' });
  assert.ok(r.metadata.accounts.every((a) => ['checking', 'savings', 'cash management'].includes(a.subtype)), 'auth offers depository accounts');
  const seq = checkEvents(await events(page));
  assert.deepEqual(seq, [...START, 'SEARCH_INSTITUTION', 'SELECT_INSTITUTION', 'TRANSITION_VIEW:CREDENTIAL', ...LOGIN, ...FINISH]);
  assert.equal(await page.locator('iframe').count(), 0, 'Link closes after Continue');
  const ex = await plaid('/item/public_token/exchange', { public_token: r.public_token });
  const accts = await plaid('/accounts/get', { access_token: ex.access_token });
  for (const a of r.metadata.accounts) assert.ok(accts.accounts.some((x) => x.account_id === a.id && x.mask === a.mask), `account ${a.id}`);
  assert.equal((await plaid('/item/get', { access_token: ex.access_token })).item.auth_method, 'INSTANT_AUTH');
  assert.equal((await plaid('/link/token/get', { link_token: token })).link_sessions[0].link_session_id, r.metadata.link_session_id);
  await page.close();
});

test('every bank of a 14-bank list is reachable by scrolling and by keyboard', async () => {
  const { page, frame } = await openLink(await linkToken());
  await frame.getByRole('button', { name: 'Continue' }).click();
  const tiles = frame.locator('.tile');
  await tiles.first().waitFor();
  const n = await tiles.count();
  assert.ok(n >= 13, `${n} banks listed`);
  const box = frame.locator('#institutions-scroll');
  assert.ok(await box.evaluate((b) => b.scrollHeight > b.clientHeight && getComputedStyle(b).overflowY === 'auto'), 'the list scrolls');
  for (let i = 0; i < n; i++) {
    await tiles.nth(i).scrollIntoViewIfNeeded();
    const inView = await tiles.nth(i).evaluate((t) => {
      const r = t.getBoundingClientRect(), c = t.closest('.scroll').getBoundingClientRect();
      return r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
    });
    assert.ok(inView, `bank ${i} is inside the list once scrolled to`);
  }
  await frame.getByLabel('Search').focus();
  const seen = new Set();
  await page.keyboard.press('ArrowDown'); // from the search box into the grid
  for (let i = 0; i < n; i++) {
    seen.add(await frame.locator(':focus').getAttribute('data-institution-id'));
    await page.keyboard.press('ArrowRight');
  }
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown'); // a row down: two tiles on
  assert.equal(await frame.locator(':focus').getAttribute('data-institution-id'), await tiles.nth(2).getAttribute('data-institution-id'));
  assert.equal(seen.size, n, `keyboard reached ${seen.size} of ${n}`);
  await page.keyboard.press('End');
  assert.equal(await frame.locator(':focus').getAttribute('data-institution-id'), await tiles.nth(n - 1).getAttribute('data-institution-id'));
  await page.keyboard.press('Enter');
  await frame.getByRole('heading', { name: /^(Log in to|Continue to) / }).waitFor();
  // A search with no match says so; exiting then is institution_not_found.
  await frame.getByRole('button', { name: 'Back' }).click();
  await frame.getByLabel('Search').fill('zzzz');
  await frame.getByText('No results for "zzzz"').waitFor();
  await shot(frame, 'link-no-results');
  await page.waitForFunction(() => window.events.some((e) => e.name === 'SEARCH_INSTITUTION' && e.md.institution_search_query === 'zzzz'));
  await frame.getByRole('button', { name: 'Close' }).click();
  const r = await result(page);
  assertExit(r);
  assert.equal(r.metadata.status, 'institution_not_found');
  checkEvents(await events(page));
  await page.close();
});

test('mfa_device: pick a device, then the code (a wrong one first)', async () => {
  const { page, frame } = await openLink(await linkToken());
  await pick(frame, 'First Platypus Bank');
  await logIn(frame, 'mfa_device');
  await frame.getByRole('heading', { name: 'Where should we send your code?' }).waitFor();
  assert.equal(await frame.getByRole('radio').count(), 3);
  await shot(frame, 'link-mfa-device');
  await frame.getByRole('button', { name: 'Send code' }).click();
  await frame.getByRole('heading', { name: 'Enter your code' }).waitFor();
  await frame.getByText('1234').waitFor(); // the prompt gives the Sandbox answer
  await shot(frame, 'link-mfa-code');
  await frame.getByLabel('Enter the code we sent you').fill('0000');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('alert').filter({ hasText: /MFA|not correct/i }).waitFor();
  await frame.getByLabel('Enter the code we sent you').fill('1234');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await finish(page, frame);
  const seq = checkEvents(await events(page));
  const mfa = ['TRANSITION_VIEW:MFA(device)', 'SUBMIT_MFA', 'TRANSITION_VIEW:MFA(code)', 'SUBMIT_MFA', 'TRANSITION_VIEW:LOADING'];
  assert.deepEqual(seq, [...START, 'SELECT_INSTITUTION', 'TRANSITION_VIEW:CREDENTIAL', ...LOGIN, ...mfa, 'ERROR', 'TRANSITION_VIEW:MFA(code)', 'SUBMIT_MFA', 'TRANSITION_VIEW:LOADING', ...FINISH]);
  const err = (await events(page)).find((e) => e.name === 'ERROR');
  assert.equal(err.md.error_code, 'INVALID_MFA');
  await page.close();
});

test('mfa_questions_2_2: two rounds of two questions', async () => {
  const { page, frame } = await openLink(await linkToken());
  await pick(frame, 'Tartan Bank');
  await logIn(frame, 'mfa_questions_2_2');
  for (const round of [0, 1]) {
    await frame.getByText(`Step ${round + 1} of 2`).waitFor();
    if (round === 0) await shot(frame, 'link-mfa-questions');
    for (const j of [0, 1]) await frame.getByLabel(`Security question ${j + 1} of round ${round + 1}`).fill(`answer_${round}_${j}`);
    await frame.getByRole('button', { name: 'Submit' }).click();
  }
  await finish(page, frame);
  const seq = checkEvents(await events(page));
  const round = ['TRANSITION_VIEW:MFA(questions)', 'SUBMIT_MFA', 'TRANSITION_VIEW:LOADING'];
  assert.deepEqual(seq, [...START, 'SELECT_INSTITUTION', 'TRANSITION_VIEW:CREDENTIAL', ...LOGIN, ...round, ...round, ...FINISH]);
  await page.close();
});

test('mfa_selections_1_2_3: choose the answers', async () => {
  const { page, frame } = await openLink(await linkToken());
  await pick(frame, 'Tartan Bank');
  await logIn(frame, 'mfa_selections_1_2_3');
  await frame.getByRole('heading', { name: 'Choose your answers' }).waitFor();
  assert.equal(await frame.getByRole('radio').count(), 6);
  await shot(frame, 'link-mfa-selections');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByText('Answer every question to continue.').waitFor();
  await frame.getByRole('radio', { name: 'answer_0_0_0' }).check();
  await frame.getByRole('radio', { name: 'answer_0_1_0' }).check();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await finish(page, frame);
  const mfa = (await events(page)).filter((e) => e.md.mfa_type);
  assert.ok(mfa.length === 2 && mfa.every((e) => e.md.mfa_type === 'selections'), 'mfa_type selections');
  checkEvents(await events(page));
  await page.close();
});

test('an error password: the error pane, then Exit gives onExit with the error', async () => {
  const { page, frame } = await openLink(await linkToken());
  await pick(frame, 'Tartan Bank');
  await logIn(frame, 'error_ITEM_LOCKED');
  await frame.getByRole('heading', { name: 'Something went wrong' }).waitFor();
  await frame.getByText('ITEM_LOCKED', { exact: true }).waitFor();
  await shot(frame, 'link-error');
  await frame.getByRole('button', { name: 'Exit' }).click();
  const r = await result(page);
  assertExit(r);
  assert.equal(r.error.error_code, 'ITEM_LOCKED');
  assert.equal(r.error.error_type, 'ITEM_ERROR');
  assert.deepEqual(r.metadata.institution, { name: 'Tartan Bank', institution_id: 'ins_109511' });
  assert.equal(r.metadata.status, 'requires_credentials');
  const evs = await events(page);
  const seq = checkEvents(evs);
  assert.deepEqual(seq.slice(-4), ['TRANSITION_VIEW:LOADING', 'ERROR', 'TRANSITION_VIEW:ERROR', 'EXIT']);
  assert.equal(evs.at(-1).md.error_code, 'ITEM_LOCKED');
  assert.equal(evs.at(-1).md.exit_status, 'requires_credentials');
  await page.close();
});

test('a wrong password stays on the login with the message; the right one goes on', async () => {
  const { page, frame } = await openLink(await linkToken());
  await pick(frame, 'Tartan Bank');
  await logIn(frame, 'wrong');
  await frame.getByRole('alert').filter({ hasText: /credentials|password/i }).waitFor();
  await logIn(frame, 'pass_good');
  await finish(page, frame);
  const seq = checkEvents(await events(page));
  assert.deepEqual(seq.slice(5, 10), [...LOGIN, 'ERROR', 'TRANSITION_VIEW:CREDENTIAL', 'SUBMIT_CREDENTIALS']);
  await page.close();
});

test('update mode: straight to the login, no consent nor bank choice, and the Item is repaired', async () => {
  const pt = await plaid('/sandbox/public_token/create', { institution_id: 'ins_109508', initial_products: ['auth'] });
  const { access_token } = await plaid('/item/public_token/exchange', { public_token: pt.public_token });
  await plaid('/sandbox/item/reset_login', { access_token });
  const { page, frame } = await openLink(await linkToken({ access_token, products: undefined }));
  await frame.getByRole('heading', { name: 'Log in to First Platypus Bank' }).waitFor();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByText('Your connection to First Platypus Bank has been updated.').waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  const evs = await events(page);
  assert.deepEqual(checkEvents(evs), ['OPEN', 'TRANSITION_VIEW:CREDENTIAL', ...LOGIN, 'TRANSITION_VIEW:CONNECTED', 'HANDOFF']);
  assert.equal(evs[0].md.is_update_mode, 'true');
  assert.ok(evs.every((e) => e.md.institution_id === 'ins_109508'), 'the Item\'s bank on every event');
  assert.equal((await plaid('/item/get', { access_token })).item.error, null);
  await page.close();
});

test('a single-account token: radio buttons, Continue once one is chosen, one account shared', async () => {
  const { page, frame } = await openLink(await linkToken({ link_customization_name: 'account_select_single' }));
  await pick(frame, 'First Platypus Bank');
  await logIn(frame, 'pass_good');
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  assert.equal(await frame.getByRole('checkbox').count(), 0);
  assert.equal(await frame.getByRole('radio').count(), 3);
  assert.equal(await frame.getByRole('button', { name: 'Continue' }).isDisabled(), true);
  await frame.getByRole('radio', { name: /Plaid Saving/ }).check();
  await shot(frame, 'link-accounts-single');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assertSuccessMetadata(r.metadata);
  assert.deepEqual(r.metadata.accounts.map((a) => [a.name, a.mask, a.subtype]), [['Plaid Saving', '1111', 'savings']]);
  const ex = await plaid('/item/public_token/exchange', { public_token: r.public_token });
  assert.deepEqual((await plaid('/accounts/get', { access_token: ex.access_token })).accounts.map((a) => a.account_id), [r.metadata.accounts[0].id]);
  await page.close();
});
