// The dashboard's pages: Items (list, one Item with its actions),
// Plaid users (one with its Items and income), Webhooks (live), Requests
// (the journal), Verification (IDV sessions and Monitor screenings),
// Scenarios & clock. Hash routes: #/items, #/items/ID, #/users,
// #/users/ID, #/verification, #/webhooks, #/requests?path=…, #/control.
(function () {
  'use strict';
  var D = window.Dash, el = D.el, api = D.api;
  var view = document.getElementById('view');
  var leaving = null; // aborts the current page's stream

  function route() {
    if (leaving) leaving.abort();
    leaving = new AbortController();
    var h = location.hash.replace(/^#\/?/, '') || 'items';
    var parts = h.split('?'), path = parts[0].split('/'), q = new URLSearchParams(parts[1] || '');
    document.querySelectorAll('[data-nav]').forEach(function (a) {
      if (a.getAttribute('data-nav') === path[0]) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    view.textContent = '';
    var page = { items: path[1] ? itemPage : itemsPage, users: path[1] ? userPage : usersPage, webhooks: webhooksPage, requests: requestsPage,
      control: controlPage, verification: path[1] ? verifiedPage : verificationPage }[path[0]] || itemsPage;
    page(path[1] ? decodeURIComponent(path[1]) : q, q);
  }
  window.addEventListener('hashchange', route);

  // Items: search and pages of 50, newest first.
  function itemsPage(q) {
    var offset = Number(q.get('offset') || 0), search = q.get('q') || '';
    var box = el('input', { type: 'search', 'aria-label': 'Search Items', placeholder: 'Search by Item, client, bank or user', value: search });
    var list = el('div', {}, [el('p', { class: 'muted', text: 'Loading…' })]);
    var go = function (o) { location.hash = '#/items?' + new URLSearchParams({ q: box.value, offset: String(o) }).toString(); };
    box.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(0); });
    view.append(el('h1', { text: 'Items' }), el('div', { class: 'bar' }, [box, el('button', { type: 'button', text: 'Search', on: { click: function () { go(0); } } })]), list);
    api('GET', '/_emulator/items?' + new URLSearchParams({ q: search, offset: String(offset), count: '50' }).toString()).then(function (j) {
      list.textContent = '';
      list.append(D.table(j.items, [['Item', function (i) { return i.item_id; }, 'mono'], ['Client', function (i) { return i.client_id; }, 'mono'],
        ['Institution', function (i) { return i.institution_name; }], ['User', function (i) { return i.username; }, 'mono'],
        ['Status', function (i) { return D.pill(i.status, i.status === 'HEALTHY' ? 'good' : 'bad'); }], ['Products', function (i) { return i.products.join(', '); }, 'wrap'],
        ['Created', function (i) { return i.created_at; }, 'mono']], function (i) { location.hash = '#/items/' + i.item_id; }, 'Items'),
      el('div', { class: 'bar' }, [el('span', { class: 'muted', text: (j.total ? offset + 1 : 0) + '–' + (offset + j.items.length) + ' of ' + j.total }),
        el('button', { type: 'button', text: 'Newer', disabled: offset === 0, on: { click: function () { go(Math.max(0, offset - 50)); } } }),
        el('button', { type: 'button', text: 'Older', disabled: offset + 50 >= j.total, on: { click: function () { go(offset + 50); } } })]));
    }, fail(list));
  }

  function fail(box) { return function (err) { box.textContent = ''; box.append(el('p', { class: 'empty', text: String(err) })); }; }
  function call(id, path, body) {
    return api('POST', '/_emulator/items/' + encodeURIComponent(id) + '/call', { path: path, body: body || {} }).then(function (r) {
      if (r.status !== 200) throw new Error((r.body && (r.body.error_code + ': ' + r.body.error_message)) || r.status);
      return r.body;
    });
  }

  // One Item: accounts, transactions, the sync cursors, webhooks, requests; actions.
  function itemPage(id) {
    var head = el('div', {}, [el('p', { class: 'muted', text: 'Loading…' })]);
    view.append(head);
    api('GET', '/_emulator/items/' + encodeURIComponent(id)).then(function (it) {
      head.textContent = '';
      var status = it.error ? it.error.error_code : 'HEALTHY';
      var done = function (what) { return function () { D.toast(what); route(); }; }, oops = function (e) { D.toast(String(e)); };
      var codes = el('select', { 'aria-label': 'Webhook to fire' });
      api('GET', '/_emulator/triggers').then(function (j) { j.triggers.filter(function (t) { return !t.subject; }).forEach(function (t) { codes.append(el('option', { value: t.name, text: t.name })); }); });
      var amount = el('input', { type: 'number', step: '0.01', value: '12.34', 'aria-label': 'Amount', class: 'amount' });
      var desc = el('input', { value: 'Coffee shop', 'aria-label': 'Description' });
      var today = new Date().toISOString().slice(0, 10);
      head.append(el('h1', {}, [it.institution_name + ' · ', el('span', { class: 'mono', text: it.item_id })]),
        el('dl', { class: 'kv card' }, [el('dt', { text: 'Status' }), el('dd', {}, [D.pill(status, it.error ? 'bad' : 'good')]),
          el('dt', { text: 'Client' }), el('dd', { class: 'mono', text: it.client_id }), el('dt', { text: 'User' }), el('dd', { class: 'mono', text: it.username }),
          el('dt', { text: 'Products' }), el('dd', { text: it.products.join(', ') }), el('dt', { text: 'Webhook' }), el('dd', { class: 'mono', text: it.webhook || '–' }),
          el('dt', { text: 'Access token' }), el('dd', { class: 'mono', text: it.access_token }), el('dt', { text: 'Created' }), el('dd', { text: it.created_at })]),
        el('h2', { text: 'Actions' }),
        el('div', { class: 'bar' }, [
          el('button', { type: 'button', text: 'Reset login', on: { click: function () { call(id, '/sandbox/item/reset_login').then(done('Login reset: ITEM_LOGIN_REQUIRED'), oops); } } }),
          codes, el('button', { type: 'button', text: 'Fire webhook', on: { click: function () {
            api('POST', '/_emulator/trigger', { trigger: codes.value, item_id: id }).then(function (r) {
              if (r.status !== 200) throw new Error(r.body.error_code + ': ' + r.body.error_message);
            }).then(done('Fired ' + codes.value), oops);
          } } }),
          el('button', { type: 'button', text: 'Run a refresh', on: { click: function () { call(id, '/transactions/refresh').then(done('Refreshed'), oops); } } }),
          el('button', { type: 'button', class: 'danger', text: 'Remove Item', on: { click: function () {
            if (confirm('Remove this Item?')) call(id, '/item/remove').then(function () { D.toast('Removed'); location.hash = '#/items'; }, oops);
          } } })]),
        el('div', { class: 'bar' }, [amount, desc, el('button', { type: 'button', text: 'Add a transaction', on: { click: function () {
          call(id, '/sandbox/transactions/create', { transactions: [{ amount: Number(amount.value), description: desc.value, date_transacted: today, date_posted: today }] })
            .then(done('Transaction added'), oops);
        } } })]),
        el('h2', { text: 'Accounts' }),
        D.table(it.accounts, [['Name', function (a) { return a.name; }], ['Mask', function (a) { return a.mask; }, 'mono'], ['Type', function (a) { return a.type + ' / ' + (a.subtype || ''); }],
          ['Available', function (a) { return money(a.balances.available); }, 'num'], ['Current', function (a) { return money(a.balances.current); }, 'num']], null, 'Accounts'));
      var tx = el('div', {}), cursors = el('div', {}), hooks = el('div', {}), reqs = el('div', {});
      head.append(el('h2', { text: 'Transactions' }), tx, el('h2', { text: 'Sync cursors' }), cursors, el('h2', { text: 'Webhooks' }), hooks,
        el('h2', {}, ['Requests ', el('a', { href: '#/requests?item_id=' + encodeURIComponent(id), text: '(all in the journal)' })]), reqs);
      transactions(id, tx, 0);
      api('GET', '/_emulator/requests?' + new URLSearchParams({ item_id: id, path: '/transactions/sync' })).then(function (j) {
        cursors.append(D.table(j.requests.slice().reverse(), [['At', function (r) { return r.at; }, 'mono'], ['Status', function (r) { return D.statusPill(r.status); }],
          ['Cursor sent', function (r) { return short(r.request && r.request.cursor); }, 'mono'], ['next_cursor', function (r) { return short(r.response && r.response.next_cursor); }, 'mono'],
          ['Added', function (r) { return r.response && r.response.added ? r.response.added.length : null; }, 'num'], ['has_more', function (r) { return r.response && String(r.response.has_more); }]], null, 'Sync cursors'));
      });
      api('GET', '/_emulator/webhooks?item_id=' + encodeURIComponent(id)).then(function (j) { j.webhooks.slice().reverse().forEach(function (w) { hooks.append(D.webhookEntry(w)); }); if (!j.webhooks.length) hooks.append(el('p', { class: 'empty', text: 'No webhooks yet.' })); });
      api('GET', '/_emulator/requests?item_id=' + encodeURIComponent(id)).then(function (j) { j.requests.slice().reverse().slice(0, 50).forEach(function (r) { reqs.append(D.requestEntry(r)); }); });
    }, fail(head));
  }
  // Plaid users (/user/create): newest first, pages of 50.
  function usersPage(q) {
    var offset = Number(q.get('offset') || 0), list = el('div', {});
    view.append(el('h1', { text: 'Plaid users' }), list);
    api('GET', '/_emulator/users?offset=' + offset + '&count=50').then(function (j) {
      if (!j.users.length) { list.append(el('p', { class: 'empty', text: 'No Plaid users yet: /user/create makes one.' })); return; }
      list.append(D.table(j.users, [['User', function (u) { return u.user_id; }, 'mono'], ['Client', function (u) { return u.client_id; }, 'mono'],
        ['client_user_id', function (u) { return u.client_user_id; }, 'mono'], ['API', function (u) { return D.pill(u.user_api, u.user_api === 'new' ? 'good' : 'muted'); }],
        ['Items', function (u) { return u.item_count; }, 'num'], ['Created', function (u) { return u.created_at; }, 'mono']],
      function (u) { location.hash = '#/users/' + encodeURIComponent(u.user_id); }, 'Plaid users'));
    }, fail(list));
  }

  // One Plaid user: its Items, Bank Income reports and payroll Items.
  function userPage(id) {
    var head = el('div', {}), items = el('div', {}), income = el('div', {}), cra = el('div', {});
    view.append(el('p', {}, [el('a', { href: '#/users', text: '← Plaid users' })]), head, el('h2', { text: 'Items' }), items, income, cra);
    api('GET', '/_emulator/users/' + encodeURIComponent(id)).then(function (j) {
      head.append(el('h1', { class: 'mono', text: j.user.user_id }), el('p', { class: 'muted', text: j.user.client_id + ' · ' + j.user.client_user_id + ' · ' + j.user.user_api + ' user API' }));
      items.append(D.table(j.items, [['Item', function (i) { return i.item_id; }, 'mono'], ['Institution', function (i) { return i.institution_name; }],
        ['Login', function (i) { return i.username; }, 'mono'], ['Status', function (i) { return D.pill(i.status, i.status === 'HEALTHY' ? 'good' : 'bad'); }]],
      function (i) { location.hash = '#/items/' + i.item_id; }, 'Items'));
    }, fail(head));
    api('GET', '/_emulator/income/' + encodeURIComponent(id)).then(function (j) {
      income.append(el('h2', { text: 'Bank Income reports' }), D.table(j.bank_income, [['Report', function (r) { return r.bank_income_id; }, 'mono'],
        ['Generated', function (r) { return r.generated_time; }, 'mono'], ['Days', function (r) { return r.days_requested; }, 'num'],
        ['Items', function (r) { return r.items; }, 'num'], ['Sources', function (r) { return r.income_sources_count; }, 'num'],
        ['Total', function (r) { return money(r.total_amount); }, 'num']], null, 'Bank Income reports'),
      el('h2', { text: 'Payroll and document income' }), D.table(j.payroll, [['Item', function (p) { return p.item_id; }, 'mono'],
        ['Flow', function (p) { return p.flow; }, 'mono'], ['Status', function (p) { return D.pill(p.status, p.status === 'PROCESSING_COMPLETE' ? 'good' : p.status === 'FAILED' ? 'bad' : 'warn'); }],
        ['Ready at', function (p) { return p.ready_at; }, 'mono'], ['Documents', function (p) { return p.documents; }, 'num']], null, 'Payroll Items'));
    }, fail(income));
    api('GET', '/_emulator/cra/' + encodeURIComponent(id)).then(function (j) {
      cra.append(el('h2', { text: 'Consumer Reports' }), D.table(j.check_reports, [['Report', function (r) { return r.report_id; }, 'mono'],
        ['Made', function (r) { return r.created_at; }, 'mono'], ['State', function (r) { return D.pill(r.state, r.state === 'READY' ? 'good' : r.state === 'GENERATING' ? 'warn' : 'bad'); }],
        ['Days', function (r) { return r.days_requested; }, 'num'], ['Items', function (r) { return r.items; }, 'num'],
        ['Products', function (r) { return r.products.join(', '); }, 'wrap']], null, 'Consumer Reports'));
    }, fail(cra));
  }

  // Identity Verification sessions and Monitor screenings, newest first.
  function verificationPage() {
    var idv = el('div', {}), scr = el('div', {});
    view.append(el('h1', { text: 'Verification' }), el('h2', { text: 'Identity Verification sessions' }), idv, el('h2', { text: 'Monitor screenings' }), scr);
    var tone = function (s) { return s === 'success' || s === 'cleared' ? 'good' : s === 'active' || s === 'pending_review' ? 'warn' : 'bad'; };
    api('GET', '/_emulator/idv?count=50').then(function (j) {
      if (!j.identity_verifications.length) { idv.append(el('p', { class: 'empty', text: 'No sessions yet: /identity_verification/create or Link makes one.' })); return; }
      idv.append(D.table(j.identity_verifications, [['Session', function (s) { return s.id; }, 'mono'], ['Client', function (s) { return s.client_id; }, 'mono'],
        ['client_user_id', function (s) { return s.client_user_id; }, 'mono'], ['Template', function (s) { return s.template.id; }, 'mono'],
        ['Status', function (s) { return D.pill(s.status, tone(s.status)); }],
        ['Steps', function (s) { return Object.keys(s.steps).filter(function (k) { return s.steps[k] !== 'not_applicable'; }).map(function (k) { return k + ': ' + s.steps[k]; }).join(', '); }, 'wrap'],
        ['Created', function (s) { return s.created_at; }, 'mono']], function (s) { location.hash = '#/verification/' + encodeURIComponent(s.id); },
      'Identity Verification sessions'));
    }, fail(idv));
    api('GET', '/_emulator/monitor?count=50').then(function (j) {
      if (!j.screenings.length) { scr.append(el('p', { class: 'empty', text: 'No screenings yet: /watchlist_screening/individual/create makes one.' })); return; }
      scr.append(D.table(j.screenings, [['Screening', function (s) { return s.id; }, 'mono'], ['Kind', function (s) { return s.kind; }],
        ['Client', function (s) { return s.client_id; }, 'mono'], ['Name', function (s) { return s.search_terms.legal_name; }],
        ['Status', function (s) { return D.pill(s.status, tone(s.status)); }], ['Hits', function (s) { return s.hits; }, 'num'],
        ['Changed', function (s) { return s.audit_trail.timestamp; }, 'mono']], function (s) { location.hash = '#/verification/' + encodeURIComponent(s.id); },
      'Monitor screenings'));
    }, fail(scr));
  }

  // One session or screening, with the Dashboard's actions on it (each
  // sends the webhook Plaid would).
  function verifiedPage(id) {
    var head = el('div', {}), body = el('div', {}), note = el('p', { role: 'status', class: 'muted' });
    view.append(el('p', {}, [el('a', { href: '#/verification', text: '← Verification' })]), head, note, body);
    var act = function (path, payload, what) {
      return el('button', { type: 'button', text: what, on: { click: function () {
        api('POST', path, payload).then(function () { note.textContent = what + ': done'; verifiedPage.again(); }, function (e) { note.textContent = String(e); });
      } } });
    };
    verifiedPage.again = function () { location.hash = '#/verification/' + encodeURIComponent(id) + '?t=' + Date.now(); };
    if (id.indexOf('idv_') === 0) {
      api('GET', '/_emulator/idv/' + encodeURIComponent(id)).then(function (s) {
        head.append(el('h1', { class: 'mono', text: s.id }), el('p', {}, [D.pill(s.status, s.status === 'success' ? 'good' : s.status === 'active' || s.status === 'pending_review' ? 'warn' : 'bad'),
          ' ' + s.client_user_id + ' · ' + s.template.id]));
        var actions = [];
        if (s.status === 'active') actions.push(act('/_emulator/idv/cancel', { identity_verification_id: id }, 'Cancel'), act('/_emulator/idv/expire', { identity_verification_id: id }, 'Expire'));
        var rows = Object.keys(s.steps).map(function (k) { return { step: k, status: s.steps[k] }; });
        rows.forEach(function (r) {
          if (r.status === 'failed' || r.status === 'pending_review') {
            actions.push(act('/_emulator/idv/override', { identity_verification_id: id, step: r.step, status: 'manually_approved' }, 'Approve ' + r.step),
              act('/_emulator/idv/override', { identity_verification_id: id, step: r.step, status: 'manually_rejected' }, 'Reject ' + r.step));
          }
        });
        body.append(el('div', { class: 'bar' }, actions), D.table(rows, [['Step', function (r) { return r.step; }, 'mono'], ['Status', function (r) { return r.status; }, 'mono']], null, 'Steps'));
      }, fail(head));
      return;
    }
    api('GET', '/_emulator/monitor/' + encodeURIComponent(id)).then(function (s) {
      head.append(el('h1', { text: s.search_terms.legal_name }), el('p', {}, [D.pill(s.status, s.status === 'cleared' ? 'good' : s.status === 'pending_review' ? 'warn' : 'bad'), ' ' + s.id]));
      var actions = ['cleared', 'pending_review', 'rejected'].filter(function (st) { return st !== s.status; }).map(function (st) {
        return act('/_emulator/monitor/status', { screening_id: id, status: st }, 'Set ' + st);
      });
      body.append(el('div', { class: 'bar' }, actions), D.table(s.hits, [['Hit', function (h) { return h.id; }, 'mono'], ['List', function (h) { return h.list_code; }, 'mono'],
        ['Name', function (h) { return h.data.names[0].data.full; }], ['Review', function (h) { return h.review_status; }, 'mono']], null, 'Hits'));
    }, fail(head));
  }

  function short(c) { return c ? (c.length > 24 ? c.slice(0, 12) + '…' + c.slice(-8) : c) : null; }
  function money(v) { return v === null || v === undefined ? null : v.toFixed(2); }

  // transactions pages /transactions/get, newest first, pending marked.
  function transactions(id, box, offset) {
    api('GET', '/_emulator/items/' + encodeURIComponent(id) + '/transactions?offset=' + offset + '&count=25').then(function (j) { // a view: changes nothing
      box.textContent = '';
      box.append(D.table(j.transactions, [['Date', function (t) { return t.date; }, 'mono'], ['Name', function (t) { return t.name; }, 'wrap'],
        ['Amount', function (t) { return t.amount.toFixed(2); }, 'num'], ['', function (t) { return t.pending ? D.pill('pending', 'warn') : null; }],
        ['Account', function (t) { return t.account_id.slice(0, 8) + '…'; }, 'mono']], null, 'Transactions'),
      el('div', { class: 'bar' }, [el('span', { class: 'muted', text: (offset + 1) + '–' + (offset + j.transactions.length) + ' of ' + j.total_transactions }),
        el('button', { type: 'button', text: 'Newer', disabled: offset === 0, on: { click: function () { transactions(id, box, Math.max(0, offset - 25)); } } }),
        el('button', { type: 'button', text: 'Older', disabled: offset + 25 >= j.total_transactions, on: { click: function () { transactions(id, box, offset + 25); } } })]));
    }, function (err) { box.textContent = ''; box.append(el('p', { class: 'muted', text: String(err) })); });
  }

  // Webhooks: the log, newest first, kept current by the stream.
  function webhooksPage(q) {
    var list = el('div', { id: 'webhook-list' });
    view.append(el('h1', { text: 'Webhooks' }), el('p', { class: 'muted', text: 'New deliveries and attempts appear as they happen.' }), list);
    var entries = {};
    function show(w) {
      var open = entries[w.id] ? entries[w.id].open : q.get('id') === w.id;
      var d = D.webhookEntry(w, open);
      if (entries[w.id]) entries[w.id].replaceWith(d); else list.prepend(d);
      entries[w.id] = d;
    }
    D.stream(show, leaving.signal);
  }

  // Requests: the journal with filters.
  function requestsPage(q) {
    var f = {};
    var bar = el('div', { class: 'bar' }, ['path', 'status', 'client_id', 'item_id', 'request_id'].map(function (k) {
      f[k] = el('input', { 'aria-label': 'Filter by ' + k, placeholder: k, value: q.get(k) || '', size: k === 'path' ? 22 : 14 });
      f[k].addEventListener('keydown', function (e) { if (e.key === 'Enter') apply(); });
      return f[k];
    }).concat([el('button', { type: 'button', text: 'Filter', on: { click: apply } })]));
    function apply() {
      var p = new URLSearchParams();
      Object.keys(f).forEach(function (k) { if (f[k].value) p.set(k, f[k].value); });
      location.hash = '#/requests?' + p.toString();
    }
    var list = el('div', {});
    view.append(el('h1', { text: 'Requests' }), bar, list);
    var p = new URLSearchParams();
    ['path', 'status', 'client_id', 'item_id', 'request_id'].forEach(function (k) { if (q.get(k)) p.set(k, q.get(k)); });
    api('GET', '/_emulator/requests?' + p.toString()).then(function (j) {
      j.requests.slice().reverse().slice(0, 200).forEach(function (r) { list.append(D.requestEntry(r)); });
      if (!j.requests.length) list.append(el('p', { class: 'empty', text: 'No requests match.' }));
    }, fail(list));
  }

  // Scenarios (on and off, with what is active) and the clock.
  function controlPage() {
    var clock = el('div', { class: 'card' }), scen = el('div', {});
    view.append(el('h1', { text: 'Scenarios & clock' }), el('h2', { text: 'Clock' }), clock, el('h2', { text: 'Scenarios' }), scen);
    api('GET', '/_emulator/clock').then(function (c) {
      var by = el('input', { value: '24h', 'aria-label': 'Advance by', size: 8 });
      var post = function (body) { api('POST', '/_emulator/clock', body).then(function () { tick(); route(); }, function (e) { D.toast(String(e)); }); };
      clock.append(el('p', {}, ['Now: ', el('strong', { class: 'mono', id: 'clock-now', text: c.now }), ' ', D.pill(c.frozen ? 'frozen' : 'running', c.frozen ? 'warn' : 'good')]),
        el('div', { class: 'bar' }, [el('button', { type: 'button', text: c.frozen ? 'Unfreeze' : 'Freeze', on: { click: function () { post({ freeze: !c.frozen }); } } }),
          by, el('button', { type: 'button', text: 'Advance', on: { click: function () { post({ advance: by.value }); } } })]));
    });
    api('GET', '/_emulator/scenarios').then(function (j) {
      var active = {};
      j.active.forEach(function (a) { active[a.scenario] = a; });
      scen.append(D.table(j.scenarios, [['Scenario', function (s) { return s.name; }, 'mono'], ['What it does', function (s) { return s.description; }, 'wrap'],
        ['State', function (s) { return active[s.name] ? D.pill('on', 'warn') : D.pill('off', 'muted'); }],
        ['Rule counters (fired / tried)', function (s) {
          var a = active[s.name];
          return a ? a.rule_hits.map(function (h, i) { return 'rule ' + (i + 1) + ': ' + h + ' / ' + a.rule_calls[i]; }).join(', ') : null;
        }, 'mono wrap'],
        ['', function (s) {
          return el('button', { type: 'button', text: active[s.name] ? 'Deactivate' : 'Activate', on: { click: function () {
            (active[s.name] ? api('DELETE', '/_emulator/scenarios?name=' + encodeURIComponent(s.name)) : api('POST', '/_emulator/scenarios', { activate: s.name }))
              .then(route, function (e) { D.toast(String(e)); });
          } } });
        }]], null, 'Scenarios'));
    });
  }

  function tick() { api('GET', '/_emulator/clock').then(function (c) { document.getElementById('clock').textContent = 'Emulator clock ' + c.now + (c.frozen ? ' (frozen)' : ''); }); }
  tick();
  setInterval(tick, 5000);
  route();
})();
