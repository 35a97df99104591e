// plaid-emulator's stand-in for Plaid's link-initialize.js: load it from the
// emulator (http://localhost:7777/link/v2/stable/link-initialize.js) instead
// of cdn.plaid.com and Plaid.create works as with Plaid, opening the
// emulator's Link page in a full-window iframe.
(function () {
  'use strict';
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src, window.location.href).origin : window.location.origin;
  var frames = 0;

  // Libraries that load Plaid's script themselves (react-plaid-link) first
  // look for a <script> with Plaid's URL and, finding one, take Link as
  // loaded. An inert one (type text/plain is never fetched nor run) lets
  // them use this Plaid instead of fetching cdn.plaid.com.
  var cdn = 'https://cdn.plaid.com/link/v2/stable/link-initialize.js';
  if (!document.querySelector('script[src="' + cdn + '"]')) {
    var marker = document.createElement('script');
    marker.type = 'text/plain';
    marker.src = cdn;
    marker.setAttribute('data-plaid-emulator', '');
    (document.head || document.documentElement).appendChild(marker);
  }

  // create is Plaid.create (target null: a full-window overlay) and
  // Plaid.createEmbedded (the page inside target).
  function create(config, target) {
    if (!config || typeof config.token !== 'string' || config.token === '') {
      throw new Error('Plaid.create: config.token (a link token) is required');
    }
    var frame = null;
    var ready = false;
    var destroyed = false;
    var last = { institution: null, status: null, link_session_id: null, request_id: null };
    var call = function (name) {
      var f = config[name];
      if (typeof f === 'function') {
        f.apply(null, Array.prototype.slice.call(arguments, 1));
      }
    };

    function close() {
      window.removeEventListener('message', onMessage);
      if (frame) {
        frame.parentNode && frame.parentNode.removeChild(frame);
        frame = null;
      }
      ready = false;
    }

    function onMessage(ev) {
      if (!frame || ev.source !== frame.contentWindow || ev.origin !== origin) return;
      var m = ev.data || {};
      if (m.plaidEmulator !== 1) return;
      ready = true;
      if (m.state) last = m.state;
      if (m.type === 'event') {
        call('onEvent', m.eventName, m.metadata);
      } else if (m.type === 'success') {
        close();
        call('onSuccess', m.publicToken, m.metadata);
      } else if (m.type === 'redirect') {
        if (new URL(m.url, origin).origin === origin) window.location.assign(m.url); // an OAuth bank, in the whole window
      } else if (m.type === 'exit') {
        close();
        call('onExit', m.error || null, m.metadata);
      }
    }

    function open() {
      if (destroyed || frame) return;
      frames += 1;
      frame = document.createElement('iframe');
      frame.id = 'plaid-link-iframe-' + frames;
      frame.title = 'Plaid Link (plaid-emulator)';
      frame.src = origin + '/_emulator/link/ui?link_token=' + encodeURIComponent(config.token) + (target ? '&embedded=1' : '');
      // Back from an OAuth bank: resume where the user left.
      if (typeof config.receivedRedirectUri === 'string') {
        var state = new URL(config.receivedRedirectUri, window.location.href).searchParams.get('oauth_state_id');
        if (state) frame.src += '&oauth_state_id=' + encodeURIComponent(state);
      }
      frame.setAttribute('style', target ? 'width:100%;height:100%;border:0;display:block'
        : 'position:fixed;top:0;left:0;width:100%;height:100%;border:0;z-index:2147483647;background:transparent');
      window.addEventListener('message', onMessage);
      (target || document.body).appendChild(frame);
    }

    var handler = {
      open: open,
      // exit closes Link: at once with {force: true} (or before the page
      // has loaded), else after the page asks the user; on the success
      // pane it calls onSuccess, as Plaid's exit does.
      exit: function (options, callback) {
        if (frame && ready) {
          frame.contentWindow.postMessage({ plaidEmulatorExit: 1, force: !!(options && options.force) }, origin);
        } else if (frame) {
          close();
          call('onExit', null, { institution: last.institution, status: last.status, link_session_id: last.link_session_id || '', request_id: last.request_id || '' });
        }
        if (typeof callback === 'function') callback();
      },
      // submit is Plaid's for Layer (phone number, date of birth); the
      // emulator serves no Layer, so it is accepted and does nothing.
      submit: function () {},
      destroy: function () {
        close();
        destroyed = true;
      }
    };
    setTimeout(function () { call('onLoad'); }, 0);
    if (target) open(); // embedded Link shows at once
    return handler;
  }

  function createEmbedded(config, target) {
    if (!target || typeof target.appendChild !== 'function') {
      throw new Error('Plaid.createEmbedded: a DOM element to render into is required');
    }
    var h = create(config, target);
    return { destroy: h.destroy };
  }

  window.Plaid = { create: function (config) { return create(config, null); }, createEmbedded: createEmbedded, version: 'plaid-emulator' };
})();
