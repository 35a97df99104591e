// The Link page's flow: consent → bank → login (or OAuth) → MFA rounds →
// accounts → success, with Plaid Link's onEvent events and metadata
// (https://plaid.com/docs/link/web/#onevent) posted to link-initialize.js.
(function () {
  'use strict';
  var P = window.LinkPanes, T = window.LinkTransfer;
  var $ = function (id) { return document.getElementById(id); };
  var q = new URLSearchParams(location.search);
  var token = q.get('link_token') || '';
  var framed = window.parent !== window;
  if (q.get('embedded') === '1') document.body.classList.add('embedded');
  var sessionId = crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
  var session = null, inst = null, view = null, lastError = null, requestId = null;
  var mfa = { round: null, answers: [], devicePhase: false, read: null };
  var payWith = []; // Transfer UI: the accounts the intent may be paid with
  var quiet = { TRANSFER: true, VERIFY: true }; // panes Plaid's view names do not name: no TRANSITION_VIEW
  var offered = [], searchQuery = '', noResults = false, exitFrom = null, success = null, searchTimer = null, loudLoading = false;

  // institution is the public shape Plaid's callbacks carry: name and id only.
  function institution() { return inst ? { name: inst.name, institution_id: inst.institution_id } : null; }
  function post(msg) {
    msg.plaidEmulator = 1;
    msg.state = { institution: institution(), status: status(), link_session_id: sessionId, request_id: requestId || '' };
    if (framed) window.parent.postMessage(msg, '*');
  }
  // event sends onEvent with every key of Plaid's metadata, null where
  // the event does not carry it.
  function event(name, extra) {
    var md = { account_number_mask: null, error_type: null, error_code: null, error_message: null, exit_status: null,
      institution_id: inst ? inst.institution_id : null, institution_name: inst ? inst.name : null, institution_search_query: null,
      is_update_mode: null, match_reason: null, mfa_type: null, routing_number: null, view_name: null, selection: null,
      timestamp: new Date().toISOString(), link_session_id: sessionId, request_id: requestId || '' };
    Object.keys(extra || {}).forEach(function (k) { md[k] = extra[k]; });
    post({ type: 'event', eventName: name, metadata: md });
  }
  function mfaType() { return mfa.devicePhase ? 'device' : mfa.round ? mfa.round.type : null; }
  // status is onExit's metadata.status for where the user is.
  function status() {
    var v = view === 'ERROR' || view === 'EXIT' || view === 'LOADING' ? exitFrom : view;
    switch (v) {
      case 'SELECT_INSTITUTION': return noResults ? 'institution_not_found' : null;
      case 'CREDENTIAL': return lastError && /NOT_SUPPORTED$/.test(lastError.error_code) ? 'institution_not_supported' : 'requires_credentials';
      case 'OAUTH': return 'requires_oauth';
      case 'MFA': return { device: 'choose_device', code: 'requires_code', questions: 'requires_questions', selections: 'requires_selections' }[mfaType()];
      case 'SELECT_ACCOUNT': return 'requires_account_selection';
    }
    return null;
  }
  function show(name, silent) {
    if (name === 'LOADING' && view === 'LOADING' && (silent || loudLoading)) return; // one wait, one event
    loudLoading = name === 'LOADING' && !silent;
    if (view && view !== 'ERROR' && view !== 'EXIT' && view !== 'LOADING') exitFrom = view;
    view = name;
    Array.prototype.forEach.call(document.querySelectorAll('.pane'), function (p) { p.hidden = p.getAttribute('data-view') !== name; });
    $('card').setAttribute('data-view', name);
    $('back').hidden = !backTarget();
    if (!silent && !quiet[name]) event('TRANSITION_VIEW', name === 'MFA' ? { view_name: name, mfa_type: mfaType() } : { view_name: name });
  }
  function backTarget() {
    if (session && !session.institution && (view === 'CREDENTIAL' || view === 'OAUTH')) return 'SELECT_INSTITUTION';
    if (view === 'SELECT_INSTITUTION') return 'CONSENT';
    return null;
  }
  function errorOf(b) { return { error_type: b.error_type, error_code: b.error_code, error_message: b.error_message, display_message: b.display_message }; }
  function api(path, body) {
    var init = body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {};
    return fetch(path, init).then(function (r) {
      return r.json().then(function (j) { if (j.request_id) requestId = j.request_id; return { ok: r.ok, body: j }; });
    });
  }
  function exit() {
    var md = { exit_status: status() };
    if (lastError) { md.error_type = lastError.error_type; md.error_code = lastError.error_code; md.error_message = lastError.error_message; }
    event('EXIT', md);
    post({ type: 'exit', error: lastError, metadata: { institution: institution(), status: status(), link_session_id: sessionId, request_id: requestId || '' } });
  }
  // failed reports a Plaid error: ERROR, then back to the pane (wrong
  // credentials or MFA answers, with the message there) or the error pane.
  function failed(b, alertId) {
    lastError = errorOf(b);
    event('ERROR', { error_type: b.error_type, error_code: b.error_code, error_message: b.error_message });
    var retry = ['INVALID_CREDENTIALS', 'INVALID_MFA', 'INVALID_FIELD', 'INCORRECT_DEPOSIT_VERIFICATION'].indexOf(b.error_code) >= 0;
    if (retry && alertId) {
      show(exitFrom);
      $(alertId).textContent = b.display_message || b.error_message;
      return;
    }
    $('error-title').textContent = b.error_type === 'INSTITUTION_ERROR' ? (inst ? inst.name : 'The bank') + ' is not available' : 'Something went wrong';
    $('fatal').textContent = b.display_message || b.error_message || b.error_code;
    $('error-code').textContent = b.error_code;
    $('error-retry').hidden = !inst || session === null;
    show('ERROR');
  }
  function offline(err) { $('fatal').textContent = 'The emulator did not answer: ' + err; $('error-retry').hidden = true; show('ERROR'); }

  function renderInstitutions() {
    var needle = searchQuery.toLowerCase();
    var list = session.institutions.filter(function (i) { return i.name.toLowerCase().indexOf(needle) >= 0; });
    P.tiles($('institutions'), list, choose);
    noResults = list.length === 0;
    $('manual-entry').hidden = !session.manual_entry;
    $('no-results').hidden = !noResults;
    $('no-results').textContent = session.institutions.length === 0
      ? 'No institutions are available for this link token: its products and country codes leave none.'
      : 'No results for "' + searchQuery + '". Check the spelling, or try the bank\'s full name.';
  }
  function searched() {
    if (searchTimer === null) return;
    clearTimeout(searchTimer);
    searchTimer = null;
    event('SEARCH_INSTITUTION', { institution_search_query: searchQuery });
  }
  function choose(i) {
    searched(); // a search the user acted on before the pause
    inst = i;
    lastError = null;
    event('SELECT_INSTITUTION', {});
    openInstitution();
  }
  // bankHeads puts the chosen bank's logo and name atop its panes.
  function bankHeads() {
    ['cred', 'oauth', 'mfa'].forEach(function (p) { $(p + '-logo').src = inst.logo || ''; $(p + '-bank').textContent = inst.name; });
  }
  function openInstitution() {
    bankHeads();
    if (inst.oauth && !session.update_mode) {
      $('oauth-title').textContent = 'Continue to ' + inst.name;
      $('oauth-error').textContent = '';
      return show('OAUTH');
    }
    $('cred-title').textContent = 'Log in to ' + inst.name;
    $('error').textContent = '';
    show('CREDENTIAL');
    $('username').focus();
  }
  var oauthStateId = null; // the OAuth trip Link resumed from: the accounts chosen at the bank
  var documents = null; // Document Income's uploads
  function creds() {
    var c = { link_token: token, institution_id: inst ? inst.institution_id : null, link_session_id: sessionId,
      username: $('username').value, password: $('password').value, mfa_answers: mfa.answers };
    if (oauthStateId) c.oauth_state_id = oauthStateId;
    if (documents) c.documents = documents;
    return c;
  }
  // login asks for the next step: an MFA round, the accounts, or (update
  // mode) the repaired Item.
  function login(alertId) {
    show('LOADING');
    return api('/_emulator/link/accounts', creds()).then(function (res) {
      if (!res.ok) return failed(res.body, alertId);
      if (res.body.mfa) return askMFA(res.body.mfa);
      mfa.round = null;
      if (session.update_mode) return complete(null, alertId);
      offered = res.body.accounts;
      chooseAccounts();
    }, offline);
  }
  function askMFA(round) {
    mfa.round = round;
    mfa.devicePhase = !!(round.devices && round.devices.length);
    drawMFA();
  }
  function drawMFA() {
    var r = mfa.round;
    $('mfa-step').textContent = r.rounds > 1 ? 'Step ' + r.round + ' of ' + r.rounds : '';
    $('mfa-title').textContent = mfa.devicePhase ? 'Where should we send your code?'
      : { code: 'Enter your code', questions: 'Answer your security questions', selections: 'Choose your answers' }[r.type];
    $('mfa-submit').textContent = mfa.devicePhase ? 'Send code' : 'Submit';
    $('mfa-error').textContent = '';
    mfa.read = P.mfaFields($('mfa-fields'), r, mfa.devicePhase);
    show('MFA');
  }
  function chooseAccounts() {
    var mode = session.account_select;
    $('accounts-text').textContent = mode === 'all' ? 'These accounts will be shared with ' + (session.client_name || 'the app') + '.'
      : 'Choose the account' + (mode === 'single' ? '' : 's') + ' to share with ' + (session.client_name || 'the app') + '.';
    $('accounts-error').textContent = '';
    P.accountChoices($('accounts'), offered, mode, function (any) { $('continue').disabled = !any; });
    show('SELECT_ACCOUNT');
  }
  function complete(names, alertId) {
    var body = creds();
    if (names) body.account_ids = names;
    show('LOADING');
    return api('/_emulator/link/complete', body).then(function (res) {
      if (!res.ok) return failed(res.body, alertId);
      lastError = null;
      success = res.body;
      var intent = res.body.transfer_intent;
      if (intent && intent.status === 'PENDING') { // declined, with tries left
        T.declined(intent);
        return show('TRANSFER');
      }
      if (documents) event('SUBMIT_DOCUMENTS_SUCCESS', {});
      P.connected($('connected'), res.body.metadata.accounts);
      $('done-text').textContent = intent ? T.outcome(intent, session.client_name || 'the app')
        : session.update_mode ? 'Your connection to ' + inst.name + ' has been updated.'
        : 'Your account has been connected to ' + (session.client_name || 'the app') + '.';
      show('CONNECTED');
      $('done-continue').focus();
    }, offline);
  }
  function handoff() {
    if (!success) return;
    event('HANDOFF', {});
    if (framed) return post({ type: 'success', publicToken: success.public_token, metadata: success.metadata });
    $('public-token').hidden = false;
    $('public-token').textContent = success.public_token;
    $('done-continue').hidden = true;
  }

  // OAuth: the bank's page in the whole window (the token has a
  // redirect_uri; the app opens Link again on its return) or a popup.
  var popup = null, oauthClosed = false;
  $('oauth-go').addEventListener('click', function () {
    var path = '/_emulator/oauth/authorize?' + new URLSearchParams({ link_token: token, institution_id: inst.institution_id,
      institution_name: inst.name, client_name: session.client_name || '', link_session_id: sessionId }).toString();
    event('OPEN_OAUTH', {});
    oauthClosed = false;
    if (session.redirect) return framed ? post({ type: 'redirect', url: location.origin + path }) : location.assign(path);
    popup = window.open(path + '&mode=popup', 'plaid-emulator-oauth', 'width=480,height=640');
    var watch = setInterval(function () { // closed without an answer
      if (!popup || !popup.closed) return;
      clearInterval(watch);
      if (popup.answered) return;
      popup = null;
      oauthClosed = true; // the bank's answer may still be on its way: one CLOSE_OAUTH
      event('CLOSE_OAUTH', {});
    }, 250);
  });
  window.addEventListener('message', function (ev) {
    var m = ev.data || {};
    if (ev.origin !== location.origin || m.plaidEmulatorOAuth !== 1) return;
    if (popup) popup.answered = true;
    resume(m.oauth_state_id);
  });
  function resume(id) {
    show('LOADING', true);
    api('/_emulator/link/oauth?' + new URLSearchParams({ oauth_state_id: id, link_token: token }).toString()).then(function (res) {
      if (!res.ok) return failed(res.body);
      sessionId = res.body.link_session_id;
      oauthStateId = id;
      inst = session.institutions.filter(function (i) { return i.institution_id === res.body.institution.institution_id; })[0] || res.body.institution;
      bankHeads();
      if (!res.body.approved) {
        if (!oauthClosed) event('CLOSE_OAUTH', {});
        $('oauth-title').textContent = 'Continue to ' + inst.name;
        $('oauth-error').textContent = 'You did not allow access at ' + inst.name + '.';
        return show('OAUTH');
      }
      exitFrom = 'OAUTH';
      login();
    }, offline);
  }

  // identityVerification hands the page to idv.js (Identity Verification's panes).
  function identityVerification() {
    quiet.IDV = true;
    window.LinkIDV.start({ api: api, event: event, token: token, pane: $('pane-IDV'), clientName: session.client_name, failed: failed, offline: offline,
      show: function () { show('IDV', true); }, setSession: function (id) { sessionId = id; },
      done: function (md) {
        var metadata = { institution: null, accounts: [], link_session_id: md.link_session_id, transfer_status: null };
        success = { public_token: null, metadata: metadata };
        event('HANDOFF', {});
        if (framed) post({ type: 'success', publicToken: null, metadata: metadata });
        else $('pane-IDV').textContent = 'You can close this window.'; // a shareable URL: no app to hand off to
      } });
  }

  $('consent-continue').addEventListener('click', function () {
    if (session.document_upload) return show('UPLOAD_DOCUMENTS'); // Document Income: no bank, files
    if (session.institution) return openInstitution(); // the token names the bank
    show('SELECT_INSTITUTION');
    $('search').focus();
  });
  $('search').addEventListener('input', function () {
    searchQuery = this.value.trim();
    renderInstitutions();
    clearTimeout(searchTimer);
    searchTimer = searchQuery ? setTimeout(searched, 250) : null;
  });
  P.gridKeys($('institutions'), $('search'));
  $('pane-CREDENTIAL').addEventListener('submit', function (e) {
    e.preventDefault();
    mfa.answers = [];
    $('error').textContent = '';
    event('SUBMIT_CREDENTIALS', {});
    login('error');
  });
  $('pane-MFA').addEventListener('submit', function (e) {
    e.preventDefault();
    var got = mfa.read();
    if (!got) { $('mfa-error').textContent = 'Answer every question to continue.'; return; }
    event('SUBMIT_MFA', { mfa_type: mfaType() });
    if (mfa.devicePhase) { mfa.devicePhase = false; return drawMFA(); }
    var before = mfa.answers;
    mfa.answers = before.concat(got);
    login('mfa-error').then(function () { if (view === 'MFA' && $('mfa-error').textContent) mfa.answers = before; });
  });
  $('pane-SELECT_ACCOUNT').addEventListener('submit', function (e) {
    e.preventDefault();
    var names = P.chosenAccounts($('accounts'), offered, session.account_select);
    if (!session.transfer_intent) return complete(names, 'accounts-error');
    payWith = offered.filter(function (a) { return names.indexOf(a.name) >= 0; });
    reviewPayment();
  });
  function reviewPayment() {
    T.review(session.transfer_intent, session.client_name || 'the app', payWith);
    show('TRANSFER');
  }
  $('pane-TRANSFER').addEventListener('submit', function (e) {
    e.preventDefault();
    $('transfer-error').textContent = '';
    complete(T.chosen(payWith), 'transfer-error');
  });
  $('documents').addEventListener('change', function () { $('documents-submit').disabled = !this.files.length; });
  $('pane-UPLOAD_DOCUMENTS').addEventListener('submit', function (e) {
    e.preventDefault();
    window.LinkDocuments.read($('documents').files).then(function (docs) { documents = docs; event('SUBMIT_DOCUMENTS', {}); complete(null, 'documents-error'); });
  });
  $('transfer-continue').addEventListener('click', function () {
    P.connected($('connected'), success.metadata.accounts);
    $('done-text').textContent = 'The payment was not made; ' + (session.client_name || 'the app') + ' can ask again.';
    show('CONNECTED', true);
    handoff();
  });
  $('done-continue').addEventListener('click', handoff);

  // Same-day micro-deposits: typed numbers, then (update mode) the deposits.
  $('manual-entry').addEventListener('click', function () { show('NUMBERS'); $('routing').focus(); });
  $('pane-NUMBERS').addEventListener('submit', function (e) {
    e.preventDefault();
    $('numbers-error').textContent = '';
    var kind = document.querySelector('input[name="account-type"]:checked');
    show('LOADING');
    api('/_emulator/link/numbers', { link_token: token, link_session_id: sessionId, routing_number: $('routing').value.trim(),
      account_number: $('account-number').value.trim(), legal_name: $('legal-name').value.trim(), account_type: kind ? kind.value : '' }).then(function (res) {
      if (!res.ok) return failed(res.body, 'numbers-error');
      if (res.body.verify_now) return askDeposits(res.body.account); // instant micro-deposits: it has arrived
      done(res.body, 'We will make a small deposit to your account. Come back to verify it once it arrives.');
    }, offline);
  });
  $('pane-VERIFY').addEventListener('submit', function (e) {
    e.preventDefault();
    $('verify-error').textContent = '';
    var code = $('deposit-code').value.trim();
    var body = { link_token: token, link_session_id: sessionId };
    if (code) body.code = code; else body.amounts = [$('deposit-1').value.trim(), $('deposit-2').value.trim()];
    show('LOADING', true);
    api('/_emulator/link/verify', body).then(function (res) {
      if (!res.ok) return failed(res.body, 'verify-error');
      done(res.body, 'Your account is verified.');
    }, offline);
  });
  function askDeposits(v) {
    $('verify-text').textContent = 'Enter the two small deposits made to ' + v.name + (v.mask ? ' ••' + v.mask : '') + '.';
    show('VERIFY');
  }
  function done(body, text) {
    lastError = null;
    success = body;
    P.connected($('connected'), body.metadata.accounts);
    $('done-text').textContent = text;
    show('CONNECTED');
    $('done-continue').focus();
  }
  $('error-exit').addEventListener('click', exit);
  $('error-retry').addEventListener('click', function () { lastError = null; openInstitution(); });
  $('close').addEventListener('click', function () { return view === 'CONNECTED' ? handoff() : exit(); });
  $('back').addEventListener('click', function () { var t = backTarget(); if (t) show(t); });
  $('exit-yes').addEventListener('click', exit);
  $('exit-no').addEventListener('click', function () { show(exitFrom); });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') $('close').click(); });
  // handler.exit() from the app: at once with force, else after asking;
  // on the success pane it hands off, as Plaid's exit does.
  window.addEventListener('message', function (ev) {
    var m = ev.data || {};
    if (ev.source !== window.parent || m.plaidEmulatorExit !== 1) return;
    if (view === 'CONNECTED') return handoff();
    if (m.force || !session || view === 'ERROR') return exit();
    show('EXIT');
  });

  show('LOADING', true);
  api('/_emulator/link/session?link_token=' + encodeURIComponent(token)).then(function (res) {
    if (!res.ok) {
      lastError = errorOf(res.body);
      $('fatal').textContent = res.body.error_message || res.body.error_code;
      $('error-code').textContent = res.body.error_code;
      $('error-retry').hidden = true;
      return show('ERROR', true);
    }
    session = res.body;
    Array.prototype.forEach.call(document.querySelectorAll('.client-name'), function (n) { n.textContent = session.client_name || 'the app'; });
    $('consent-title').textContent = (session.client_name || 'This app') + ' uses Plaid to connect your account';
    $('client-mark').textContent = (session.client_name || 'A').replace(/[^A-Za-z0-9]/g, '').slice(0, 2).toUpperCase() || 'A';
    renderInstitutions();
    var returned = q.get('oauth_state_id');
    if (returned) return resume(returned); // back from an OAuth bank
    if (session.institution) inst = session.institution; // fixed by the token (update mode, or institution_id)
    event('OPEN', { is_update_mode: session.update_mode ? 'true' : 'false' });
    if (session.update_mode && session.verify_deposits) return askDeposits(session.verify_deposits);
    if (session.update_mode && session.transfer_intent) { payWith = session.transfer_intent.accounts; return reviewPayment(); }
    if (session.update_mode) return openInstitution();
    if (session.idv) return identityVerification();
    show('CONSENT');
  }, offline);
})();
