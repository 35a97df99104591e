// What the Link page draws: the bank grid, MFA fields, account choices and
// the connected list. link.js runs the flow and sends the events; this
// file only builds elements (no requests, no events).
(function () {
  'use strict';

  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') n.textContent = attrs[k];
      else if (k === 'on') Object.keys(attrs.on).forEach(function (ev) { n.addEventListener(ev, attrs.on[ev]); });
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) n.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }

  function money(v, currency) {
    if (v === null || v === undefined) return '';
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD' }).format(v);
    } catch (e) {
      return v.toFixed(2) + ' ' + (currency || '');
    }
  }

  function subtypeLabel(a) {
    var s = a.subtype || a.type || '';
    return s.charAt(0).toUpperCase() + s.slice(1) + (a.mask ? ' ••' + a.mask : '');
  }

  // tiles fills ul with a button per institution; choose is called with the
  // institution. Arrow keys move between tiles, as in a grid.
  function tiles(ul, institutions, choose) {
    ul.textContent = '';
    institutions.forEach(function (inst) {
      var note = inst.status === 'DOWN' ? el('small', { text: 'Unavailable right now' })
        : inst.status === 'DEGRADED' ? el('small', { text: 'May be slow' }) : null;
      var b = el('button', { type: 'button', class: 'tile', 'data-institution-id': inst.institution_id, on: { click: function () { choose(inst); } } },
        [el('img', { class: 'logo', src: inst.logo, alt: '', width: 40, height: 40 }), el('span', { text: inst.name }), note]);
      ul.appendChild(el('li', {}, [b]));
    });
  }

  function gridKeys(ul, search) {
    ul.addEventListener('keydown', function (e) {
      var all = Array.prototype.slice.call(ul.querySelectorAll('.tile'));
      var i = all.indexOf(document.activeElement);
      if (i < 0) return;
      var step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 2, ArrowUp: -2, Home: -i, End: all.length - 1 - i }[e.key];
      if (step === undefined) return;
      e.preventDefault();
      var j = i + step;
      if (j < 0 && (e.key === 'ArrowUp' || e.key === 'ArrowLeft')) return search.focus();
      all[Math.max(0, Math.min(all.length - 1, j))].focus();
    });
    search.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown') return;
      var first = ul.querySelector('.tile');
      if (first) { e.preventDefault(); first.focus(); }
    });
  }

  // mfaFields draws one MFA round (or its device choice) into box and
  // returns a function reading the answers, or null while one is missing.
  function mfaFields(box, round, devicePhase) {
    box.textContent = '';
    if (devicePhase) {
      var fs = el('fieldset', {}, [el('legend', { class: 'sr', text: 'Devices' })]);
      round.devices.forEach(function (d, i) {
        fs.appendChild(el('label', { class: 'choice' }, [el('input', { type: 'radio', name: 'device', value: d, checked: i === 0 }), el('span', { class: 'what', text: d })]));
      });
      box.appendChild(fs);
      return function () { var c = box.querySelector('input:checked'); return c ? [c.value] : null; };
    }
    round.questions.forEach(function (q, i) {
      if (q.options && q.options.length) {
        var group = el('fieldset', {}, [el('legend', { text: q.prompt })]);
        q.options.forEach(function (o) {
          group.appendChild(el('label', { class: 'choice' }, [el('input', { type: 'radio', name: 'q' + i, value: o }), el('span', { class: 'what', text: o })]));
        });
        group.appendChild(el('span', { class: 'sandbox' }, ['Sandbox answer: ', el('code', { text: q.hint })]));
        box.appendChild(group);
      } else {
        box.appendChild(el('label', {}, [q.prompt, el('input', { name: 'q' + i, autocomplete: 'one-time-code', 'data-answer': '' }),
          el('span', { class: 'sandbox' }, ['Sandbox answer: ', el('code', { text: q.hint })])]));
      }
    });
    var first = box.querySelector('input');
    if (first) setTimeout(function () { first.focus(); }, 0);
    return function () {
      var out = [];
      for (var i = 0; i < round.questions.length; i++) {
        var chosen = box.querySelector('input[name="q' + i + '"]:checked') || box.querySelector('input[name="q' + i + '"][data-answer]');
        var v = chosen ? chosen.value.trim() : '';
        if (!v) return null;
        out.push(v);
      }
      return out;
    };
  }

  // accountChoices draws the accounts with checkboxes (multiple), radio
  // buttons (single) or neither (all); onChange gets whether one is chosen.
  function accountChoices(box, accounts, mode, onChange) {
    Array.prototype.slice.call(box.querySelectorAll('label')).forEach(function (n) { n.remove(); });
    accounts.forEach(function (a) {
      var input = mode === 'all' ? null : el('input', { type: mode === 'single' ? 'radio' : 'checkbox', name: 'account', value: a.name,
        checked: mode === 'multiple', on: { change: function () { onChange(!!box.querySelector('input:checked')); } } });
      var bal = a.available !== null && a.available !== undefined ? a.available : a.current;
      box.appendChild(el('label', { class: 'choice' }, [input,
        el('span', { class: 'what' }, [a.name, el('span', { text: subtypeLabel(a) })]),
        el('span', { class: 'amount', text: money(bal, a.iso_currency_code) })]));
    });
    onChange(mode !== 'single');
  }

  function chosenAccounts(box, accounts, mode) {
    if (mode === 'all') return accounts.map(function (a) { return a.name; });
    return Array.prototype.map.call(box.querySelectorAll('input:checked'), function (c) { return c.value; });
  }

  function connected(ul, accounts) {
    ul.textContent = '';
    accounts.forEach(function (a) {
      ul.appendChild(el('li', {}, [a.name, el('span', { text: subtypeLabel(a) })]));
    });
  }

  window.LinkPanes = { el: el, tiles: tiles, gridKeys: gridKeys, mfaFields: mfaFields, accountChoices: accountChoices,
    chosenAccounts: chosenAccounts, connected: connected, money: money };
})();
