// Identity Verification's panes in Link: consent, phone and SMS code,
// personal details, a document, then the result, in the order the
// session's steps ask for them (/_emulator/link/idv answers the session
// after each pane), with Plaid's IDENTITY_VERIFICATION_* events and
// onSuccess(null, {link_session_id: the session's id}).
(function () {
  'use strict';
  var views = { accept_tos: 'ACCEPT_TOS', verify_sms: 'VERIFY_SMS', kyc_check: 'KYC_CHECK', documentary_verification: 'DOCUMENTARY_VERIFICATION',
    selfie_check: 'SELFIE_CHECK', watchlist_screening: 'SCREENING', risk_check: 'RISK_CHECK' };
  var order = ['accept_tos', 'verify_sms', 'kyc_check', 'documentary_verification', 'selfie_check', 'watchlist_screening', 'risk_check'];

  // start runs the flow; L is link.js's side: api, event, show, pane (the
  // IDV section), token, done (the success hand-off), setSession.
  function start(L) {
    var P = window.LinkPanes, el = P.el, current = null, smsPhone = null;
    function ev(name, extra) {
      var md = { view_name: null };
      Object.keys(extra || {}).forEach(function (k) { md[k] = extra[k]; });
      L.event('IDENTITY_VERIFICATION_' + name, md);
    }
    function send(answers) {
      return L.api('/_emulator/link/idv', { link_token: L.token, answers: answers || null }).then(function (res) {
        if (!res.ok) { L.failed(res.body); return null; }
        return res.body;
      }, L.offline);
    }
    // outcomes sends PASS/FAIL/PENDING_REVIEW for the steps that ended.
    function outcomes(before, after) {
      order.forEach(function (s) {
        var was = before.steps[s], now = after.steps[s];
        if (was === now) return;
        var kind = { success: 'PASS', failed: 'FAIL', pending_review: 'PENDING_REVIEW', manually_approved: 'PASS', manually_rejected: 'FAIL' }[now];
        if (kind) ev(kind + '_STEP', { view_name: views[s] });
      });
    }
    function answer(answers) {
      var before = current;
      return send(answers).then(function (s) {
        if (!s) return;
        outcomes(before, s);
        render(s);
      });
    }
    function box(title, text, children, submit, label) {
      var form = el('form', { class: 'idv' }, [el('h1', { text: title }), text ? el('p', { text: text }) : null]
        .concat(children).concat([el('div', { role: 'alert', class: 'alert', id: 'idv-error' }), el('button', { class: 'primary', type: 'submit', text: label || 'Continue' })]));
      form.addEventListener('submit', function (e) { e.preventDefault(); submit(form); });
      L.pane.textContent = '';
      L.pane.appendChild(form);
      var first = form.querySelector('input');
      if (first) setTimeout(function () { first.focus(); }, 0);
      return form;
    }
    function field(label, name, value, attrs) {
      var a = { name: name, value: value || '', autocomplete: 'off' };
      Object.keys(attrs || {}).forEach(function (k) { a[k] = attrs[k]; });
      return el('label', {}, [label, el('input', a)]);
    }
    function val(form, name) { var n = form.querySelector('[name="' + name + '"]'); return n ? n.value.trim() : ''; }
    function hint(text) { return el('span', { class: 'sandbox' }, ['Sandbox: ', el('code', { text: text })]); }
    function panes(step, s) {
      var u = s.user || {};
      switch (step) {
        case 'accept_tos':
          return box('Verify your identity', (L.clientName || 'The app') + ' uses Plaid to verify who you are. Your details are checked ' +
            'against identity sources; nothing here leaves this emulator.', [], function () { answer({ consent: true }); }, 'I agree');
        case 'verify_sms':
          if (!smsPhone && !u.phone_number) {
            return box('Enter your phone number', 'We will text you a code.', [field('Phone number', 'phone', '', { inputmode: 'tel', placeholder: '+12345678909' }),
              hint('+12345678909 (Leslie Knope)')], function (f) {
              var ph = val(f, 'phone').replace(/[^+0-9]/g, '');
              if (!/^\+[1-9][0-9]{7,14}$/.test(ph)) { f.querySelector('#idv-error').textContent = 'Enter the number with its country code, such as +12345678909.'; return; }
              smsPhone = ph;
              panes('verify_sms', s);
            });
          }
          return box('Enter the code', 'We sent a code to ' + (smsPhone || u.phone_number) + '.', [field('Code', 'code', '', { inputmode: 'numeric', maxlength: 6, autocomplete: 'one-time-code' }),
            hint('11111')], function (f) {
            var a = { sms_codes: [val(f, 'code')] };
            if (smsPhone) a.phone_number = smsPhone;
            answer(a).then(function () {
              if (current && current.steps.verify_sms === 'active' && current.verify_sms === null) {
                var alert = document.getElementById('idv-error');
                if (alert) alert.textContent = 'That code is not right. Try again.';
              }
            });
          });
        case 'kyc_check':
          var addr = u.address || {}, name = u.name || {};
          return box('Confirm your details', null, [
            field('First name', 'given_name', name.given_name), field('Last name', 'family_name', name.family_name),
            field('Date of birth', 'dob', u.date_of_birth, { type: 'date' }),
            field('Street address', 'street', addr.street), field('City', 'city', addr.city),
            field('State', 'region', addr.region, { maxlength: 2 }), field('ZIP code', 'postal_code', addr.postal_code, { inputmode: 'numeric', maxlength: 10 }),
            field('Social Security number', 'ssn', u.id_number ? u.id_number.value : '', { inputmode: 'numeric', maxlength: 11 }),
            hint('Leslie Knope, 1975-01-18, 123 Main St., Pawnee IN 46001, SSN 123-45-6789')], function (f) {
            var user = { given_name: val(f, 'given_name'), family_name: val(f, 'family_name'), date_of_birth: val(f, 'dob'),
              address: { street: val(f, 'street'), city: val(f, 'city'), region: val(f, 'region').toUpperCase(), postal_code: val(f, 'postal_code'), country: 'US' } };
            var ssn = val(f, 'ssn').replace(/[^0-9]/g, '');
            if (ssn) user.id_number = { value: ssn, type: ssn.length === 4 ? 'us_ssn_last_4' : 'us_ssn' };
            if (!user.given_name || !user.family_name || !user.date_of_birth || !user.address.street) {
              f.querySelector('#idv-error').textContent = 'Enter your name, date of birth and address.';
              return;
            }
            answer({ user: user });
          });
        case 'documentary_verification':
          var tries = s.document_attempts || 0;
          var form = box('Upload a photo of your ID', 'A driver\'s licence, ID card or passport. The Sandbox reads no image: every upload is read as ' +
            'the holder\'s licence.' + (tries ? ' Attempt ' + (tries + 1) + ' of 3.' : ''), [el('input', { type: 'file', name: 'document', accept: 'image/*,.pdf' })],
          function () { answer({ documents: 1 }); }, 'Upload');
          form.appendChild(el('button', { class: 'secondary', type: 'button', id: 'idv-sample', text: 'Use a sample document', on: { click: function () { answer({ documents: 1 }); } } }));
          return form;
      }
    }
    function render(s) {
      current = s;
      var step = order.filter(function (k) { return s.steps[k] === 'active'; })[0];
      if (s.status === 'active' && step) {
        if (L.pane.getAttribute('data-step') !== step) ev('START_STEP', { view_name: views[step] });
        L.pane.setAttribute('data-step', step);
        return panes(step, s);
      }
      L.pane.setAttribute('data-step', 'DONE');
      var kind = { success: 'PASS', failed: 'FAIL', pending_review: 'PENDING_REVIEW' }[s.status];
      if (kind) ev(kind + '_SESSION', {});
      var ok = s.status === 'success';
      box(ok ? 'You\'re verified' : 'We couldn\'t verify your identity', ok ? 'Thanks: ' + (L.clientName || 'the app') + ' has what it needs.'
        : 'Contact ' + (L.clientName || 'the app') + ' for help.', [], function () {
        ev('CLOSE_UI', {});
        L.done({ link_session_id: s.id, status: s.status });
      }, 'Done');
    }
    L.show();
    send(null).then(function (s) {
      if (!s) return;
      L.setSession(s.id);
      ev('OPEN_UI', {});
      ev(s.steps.accept_tos === 'active' || s.steps.accept_tos === 'skipped' && s.status === 'active' && !s.user.name ? 'CREATE_SESSION' : 'RESUME_SESSION', {});
      render(s);
    });
  }

  window.LinkIDV = { start: start };
})();
