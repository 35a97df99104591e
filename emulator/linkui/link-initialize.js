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

  function create(config) {
    if (!config || typeof config.token !== 'string' || config.token === '') {
      throw new Error('Plaid.create: config.token (a link token) is required');
    }
    var frame = null;
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
    }

    function onMessage(ev) {
      if (!frame || ev.source !== frame.contentWindow || ev.origin !== origin) return;
      var m = ev.data || {};
      if (m.plaidEmulator !== 1) return;
      if (m.state) last = m.state;
      if (m.type === 'event') {
        call('onEvent', m.eventName, m.metadata);
      } else if (m.type === 'success') {
        close();
        call('onSuccess', m.publicToken, m.metadata);
      } else if (m.type === 'redirect') {
        window.location.assign(m.url); // an OAuth bank, in the whole window
      } else if (m.type === 'exit') {
        close();
        call('onExit', m.error || null, m.metadata);
      }
    }

    var handler = {
      open: function () {
        if (destroyed || frame) return;
        frames += 1;
        frame = document.createElement('iframe');
        frame.id = 'plaid-link-iframe-' + frames;
        frame.title = 'Plaid Link (plaid-emulator)';
        frame.src = origin + '/_emulator/link/ui?link_token=' + encodeURIComponent(config.token);
        // Back from an OAuth bank: resume where the user left.
        if (typeof config.receivedRedirectUri === 'string') {
          var state = new URL(config.receivedRedirectUri, window.location.href).searchParams.get('oauth_state_id');
          if (state) frame.src += '&oauth_state_id=' + encodeURIComponent(state);
        }
        frame.setAttribute('style', 'position:fixed;top:0;left:0;width:100%;height:100%;border:0;z-index:2147483647;background:transparent');
        window.addEventListener('message', onMessage);
        document.body.appendChild(frame);
      },
      // exit closes Link at once (as exit({force: true}) does with Plaid),
      // then calls callback if given.
      exit: function (options, callback) {
        if (frame) {
          close();
          call('onExit', null, { institution: last.institution, status: last.status, link_session_id: last.link_session_id, request_id: last.request_id });
        }
        if (typeof callback === 'function') callback();
      },
      submit: function () {},
      destroy: function () {
        close();
        destroyed = true;
      }
    };
    setTimeout(function () { call('onLoad'); }, 0);
    return handler;
  }

  window.Plaid = { create: create, version: 'plaid-emulator' };
})();
