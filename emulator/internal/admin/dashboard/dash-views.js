// The dashboard's building blocks: requests to /_emulator, elements,
// tables, and the entries of the webhook log and request journal.
// dash.js has the pages.
(function () {
  'use strict';
  var token = sessionStorage.getItem('plaid-emulator-admin-token') || '';

  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (k === 'text') n.textContent = v;
      else if (k === 'on') Object.keys(v).forEach(function (e) { n.addEventListener(e, v[e]); });
      else if (v !== null && v !== undefined && v !== false) n.setAttribute(k, v === true ? '' : v);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) n.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c))); });
    return n;
  }

  // api calls the emulator; a 401 asks for the --admin-token, once for
  // every request that met it, and each of them is tried again.
  var asking = null;
  function api(method, path, body, retried) {
    var headers = { 'Content-Type': 'application/json' };
    var sent = token;
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) {
      if (r.status === 401 && !retried) {
        if (!asking && token === sent) {
          asking = Promise.resolve().then(function () {
            token = prompt('This emulator has an --admin-token. Enter it:') || '';
            sessionStorage.setItem('plaid-emulator-admin-token', token); // this tab only, never localStorage
            setTimeout(function () { asking = null; }, 0);
          });
        }
        return (asking || Promise.resolve()).then(function () { return api(method, path, body, true); });
      }
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || j.error_message || r.status); return j; });
    });
  }
  api.headers = function () { return token ? { Authorization: 'Bearer ' + token } : {}; };

  // table builds a table of rows; cols are [header, value(row), class].
  function table(rows, cols, onRow, label) {
    if (!rows.length) return el('p', { class: 'empty', text: 'Nothing yet.' });
    var head = el('tr', {}, cols.map(function (c) { return el('th', { scope: 'col', class: c[2] || null, text: c[0] }); }));
    var body = rows.map(function (r) {
      var tr = el('tr', onRow ? { class: 'link', tabindex: 0, on: { click: function () { onRow(r); }, keydown: function (e) { if (e.key === 'Enter') onRow(r); } } } : {},
        cols.map(function (c) { var v = c[1](r); return el('td', { class: c[2] || null }, [v === null || v === undefined || v === '' ? '–' : v]); }));
      return tr;
    });
    return el('div', { class: 'table-wrap' }, [el('table', { 'aria-label': label || null }, [el('thead', {}, [head]), el('tbody', {}, body)])]);
  }

  function pretty(v) {
    if (typeof v === 'string') { try { v = JSON.parse(v); } catch (e) { return v; } }
    return JSON.stringify(v, null, 2);
  }
  function pre(v, label) { return el('pre', { class: 'mono', 'aria-label': label || null, text: pretty(v) }); }

  function b64url(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    try { return JSON.parse(atob(s)); } catch (e) { return null; }
  }
  // jwt decodes a Plaid-Verification header (not verified: the receiver does that).
  function jwt(header) {
    var p = (header || '').split('.');
    return p.length === 3 ? { header: b64url(p[0]), claims: b64url(p[1]) } : null;
  }

  function pill(text, kind) { return el('span', { class: 'pill ' + kind, text: text }); }
  function statePill(state) { return pill(state, state === 'delivered' ? 'good' : state === 'pending' ? 'warn' : 'bad'); }
  function statusPill(code) { return pill(String(code), code >= 200 && code < 300 ? 'good' : code >= 500 || code === 0 ? 'bad' : 'warn'); }

  function toast(msg) {
    var t = document.getElementById('toast');
    t.textContent = msg;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 3500);
  }

  // webhookEntry is one webhook of the log: what was sent, how it went.
  function webhookEntry(w, open) {
    var sig = jwt((w.headers || {})['Plaid-Verification']);
    var redeliver = el('button', { type: 'button', text: 'Redeliver', on: { click: function (e) {
      e.preventDefault();
      api('POST', '/_emulator/webhooks/' + encodeURIComponent(w.id) + '/redeliver').then(function (r) { toast('Redelivered as ' + r.id); }, function (err) { toast(String(err)); });
    } } });
    var attempts = table(w.attempts || [], [['At', function (a) { return a.at; }, 'mono'], ['Status', function (a) { return statusPill(a.status); }],
      ['Duration', function (a) { return a.latency_ms.toFixed(1) + ' ms'; }, 'num'], ['Error', function (a) { return a.error; }, 'wrap']], null, 'Attempts');
    var d = el('details', { class: 'entry', 'data-webhook-id': w.id, open: !!open }, [
      el('summary', {}, [statePill(w.state), el('strong', { text: w.webhook_type + ' ' + w.webhook_code }),
        el('span', { class: 'mono muted', text: w.id }), w.item_id ? el('a', { href: '#/items/' + w.item_id, text: w.item_id, class: 'mono' }) : null,
        el('span', { class: 'muted', text: w.created_at }), el('span', { class: 'muted', text: (w.attempts || []).length + ' attempt(s)' })]),
      el('div', { class: 'entry-body' }, [
        el('dl', { class: 'kv' }, [el('dt', { text: 'URL' }), el('dd', { class: 'mono', text: w.url }),
          el('dt', { text: 'Caused by' }), el('dd', {}, [w.request_id ? el('a', { href: '#/requests?request_id=' + w.request_id, class: 'mono', text: w.request_id }) : 'the clock or a scenario']),
          w.redelivery_of ? el('dt', { text: 'Redelivery of' }) : null, w.redelivery_of ? el('dd', { class: 'mono', text: w.redelivery_of }) : null]),
        el('h3', { text: 'Body' }), pre(w.body, 'Body'),
        el('h3', { text: 'Headers' }), pre(w.headers || {}, 'Headers'),
        el('h3', { text: 'JWT header and claims' }), sig ? pre(sig, 'JWT') : el('p', { class: 'muted', text: 'Not signed yet: no attempt so far.' }),
        el('h3', { text: 'Attempts' }), attempts, el('div', {}, [redeliver])])]);
    return d;
  }

  // requestEntry is one call of the journal.
  function requestEntry(r) {
    var caused = el('div', {}, [el('span', { class: 'muted', text: 'Loading…' })]);
    var d = el('details', { class: 'entry', 'data-request-id': r.request_id }, [
      el('summary', {}, [statusPill(r.status), el('strong', { class: 'mono', text: r.method + ' ' + r.path }),
        el('span', { class: 'mono muted', text: r.request_id }), r.item_id ? el('a', { href: '#/items/' + r.item_id, class: 'mono', text: r.item_id }) : null,
        el('span', { class: 'muted', text: r.client_id || '' }), el('span', { class: 'muted', text: r.at }),
        r.scenario ? pill(r.scenario, 'warn') : null]),
      el('div', { class: 'entry-body' }, [el('h3', { text: 'Request' }), pre(r.request, 'Request body'), el('h3', { text: 'Response' }), pre(r.response, 'Response body'),
        el('h3', { text: 'Webhooks it caused' }), caused])]);
    d.addEventListener('toggle', function () {
      if (!d.open || caused.loaded) return;
      caused.loaded = true;
      api('GET', '/_emulator/webhooks?request_id=' + encodeURIComponent(r.request_id)).then(function (j) {
        caused.textContent = '';
        if (!j.webhooks.length) caused.appendChild(el('p', { class: 'muted', text: 'None.' }));
        j.webhooks.forEach(function (w) { caused.appendChild(el('div', {}, [el('a', { href: '#/webhooks?id=' + w.id, class: 'mono', text: w.id }), ' ' + w.webhook_type + ' ' + w.webhook_code])); });
      });
    });
    return d;
  }

  // stream reads the webhook stream (fetch, so the admin token can go along)
  // and calls on(record) for each new or changed webhook.
  function stream(on, signal) {
    return fetch('/_emulator/webhooks/stream', { headers: api.headers(), signal: signal }).then(function (r) {
      var reader = r.body.getReader(), dec = new TextDecoder(), buf = '';
      function pump() {
        return reader.read().then(function (x) {
          if (x.done) return;
          buf += dec.decode(x.value, { stream: true });
          var parts = buf.split('\n\n');
          buf = parts.pop();
          parts.forEach(function (p) {
            var line = p.split('\n').filter(function (l) { return l.indexOf('data: ') === 0; })[0];
            if (line) { try { on(JSON.parse(line.slice(6)).webhook); } catch (e) { /* a partial event */ } }
          });
          return pump();
        });
      }
      return pump();
    }).catch(function () { /* closed on leaving the page */ });
  }

  window.Dash = { el: el, api: api, table: table, pre: pre, pill: pill, statePill: statePill, statusPill: statusPill,
    toast: toast, webhookEntry: webhookEntry, requestEntry: requestEntry, stream: stream };
})();
