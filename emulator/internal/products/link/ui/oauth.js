// The OAuth bank page: the consent, and the way back to the app or to Link.
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var popup = q.get('mode') === 'popup';
  var bank = q.get('institution_name') || 'Your bank';
  document.getElementById('title').textContent = bank + ' — sign in';
  document.getElementById('ask').textContent = (q.get('client_name') || 'An app') + ' asks to read your accounts at ' + bank +
    ' through Plaid. Allow it?';
  // webURL: only http(s) addresses are followed (the server checks too).
  function webURL(u) {
    try { var p = new URL(u).protocol; return p === 'http:' || p === 'https:'; } catch (e) { return false; }
  }
  // The bank's accounts, to choose which to share (all by default); the
  // choice goes to /sandbox/oauth/select_accounts once the user allows.
  var box = document.getElementById('accounts');
  fetch('/_emulator/link/accounts', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ link_token: q.get('link_token'), institution_id: q.get('institution_id') }) })
    .then(function (r) { return r.ok ? r.json() : { accounts: [] }; })
    .then(function (j) {
      (j.accounts || []).forEach(function (a) {
        var label = document.createElement('label');
        var input = document.createElement('input');
        input.type = 'checkbox';
        input.checked = true;
        input.value = a.name;
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + a.name + (a.mask ? ' ••' + a.mask : '')));
        box.appendChild(label);
      });
      box.hidden = !(j.accounts || []).length;
    }, function () {});
  function chosen() {
    return Array.prototype.map.call(box.querySelectorAll('input:checked'), function (i) { return i.value; });
  }
  function selectAccounts(stateId) {
    var names = chosen();
    if (box.hidden || !names.length) return Promise.resolve();
    return fetch('/sandbox/oauth/select_accounts', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ oauth_state_id: stateId, accounts: names }) });
  }
  function answer(approve) {
    document.getElementById('allow').disabled = document.getElementById('deny').disabled = true;
    fetch('/_emulator/link/oauth', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ link_token: q.get('link_token'), institution_id: q.get('institution_id'),
        link_session_id: q.get('link_session_id'), approve: approve }) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) {
          document.getElementById('error').textContent = res.body.error_message || res.body.error_code;
          return;
        }
        return (approve ? selectAccounts(res.body.oauth_state_id) : Promise.resolve()).then(function () { back(res); });
      });
  }
  function back(res) {
    if (popup && window.opener) {
      window.opener.postMessage({ plaidEmulatorOAuth: 1, oauth_state_id: res.body.oauth_state_id }, location.origin);
      window.close();
    } else if (res.body.redirect_uri && webURL(res.body.redirect_uri)) {
      location.assign(res.body.redirect_uri);
    } else {
      document.getElementById('error').textContent = 'The link token has no redirect_uri to return to.';
    }
  }
  document.getElementById('allow').addEventListener('click', function () { answer(true); });
  document.getElementById('deny').addEventListener('click', function () { answer(false); });
})();
