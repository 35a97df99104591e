// Transfer UI's pane: the intent's payment for the user to review and
// authorize (link.js runs the flow; this file only fills the pane).
(function () {
  'use strict';
  var P = window.LinkPanes;
  var $ = function (id) { return document.getElementById(id); };

  function label(a) {
    var s = a.subtype || '';
    return a.name + (s ? ' · ' + s.charAt(0).toUpperCase() + s.slice(1) : '') + (a.mask ? ' ••' + a.mask : '');
  }

  // review fills the pane for intent, paid with one of accounts (a choice
  // when there are several).
  function review(intent, clientName, accounts) {
    var payment = intent.mode !== 'DISBURSEMENT';
    var amount = P.money(Number(intent.amount), 'USD');
    var rail = { ach: 'standard ACH', 'same-day-ach': 'same-day ACH', rtp: 'RTP' }[intent.network] || intent.network;
    $('transfer-title').textContent = payment ? 'Review your payment' : 'Review your deposit';
    $('transfer-amount').textContent = amount;
    $('transfer-side').textContent = payment ? 'From' : 'To';
    $('transfer-other').textContent = payment ? 'To' : 'From';
    $('transfer-about').textContent = intent.description;
    var box = $('transfer-accounts');
    box.hidden = accounts.length < 2;
    if (accounts.length > 1) {
      P.accountChoices(box, accounts, 'single', function (any) { $('transfer-authorize').disabled = !any; });
      $('transfer-account').textContent = 'the account you choose';
    } else {
      $('transfer-authorize').disabled = false;
      $('transfer-account').textContent = accounts.length ? label(accounts[0]) : '';
    }
    $('transfer-terms').textContent = (payment
      ? 'Authorizing lets ' + clientName + ' take ' + amount + ' from this account once, by ' + rail + '.'
      : 'Authorizing lets ' + clientName + ' send ' + amount + ' to this account once, by ' + rail + '.') +
      ' This is the emulator: no money moves.';
    $('transfer-error').textContent = '';
    $('transfer-continue').hidden = true;
    $('transfer-authorize').textContent = 'Authorize';
  }

  // chosen names the account to pay with, as /_emulator/link/complete takes it.
  function chosen(accounts) {
    if (accounts.length > 1) return P.chosenAccounts($('transfer-accounts'), accounts, 'single');
    return accounts.length ? [accounts[0].name] : [];
  }

  // declined shows a decline the user may retry (the intent is still PENDING).
  function declined(intent) {
    $('transfer-error').textContent = 'Your bank declined the payment' + (intent.reason ? ': ' + intent.reason : '') + '. ' +
      intent.tries_left + (intent.tries_left === 1 ? ' try is' : ' tries are') + ' left.';
    $('transfer-authorize').textContent = 'Try again';
    $('transfer-continue').hidden = false;
  }

  // outcome is the success pane's words for a confirmed intent.
  function outcome(intent, clientName) {
    if (intent.status === 'SUCCEEDED') return 'Payment authorized: ' + P.money(Number(intent.amount), 'USD') + ' with ' + clientName + '.';
    return 'The payment could not be made' + (intent.reason ? ': ' + intent.reason : '') + '.';
  }

  window.LinkTransfer = { review: review, chosen: chosen, declined: declined, outcome: outcome };
})();
