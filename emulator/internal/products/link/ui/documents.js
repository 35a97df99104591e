// Document Income's pane: the files the user uploads, read as headless
// Link takes them ({name, content}). As in Sandbox, files are not read for
// what they say: a JSON file is Plaid's Sandbox customization (its object
// is the content), any other file's content is its name.
(function () {
  'use strict';
  var maxBytes = 1 << 20; // a customization is small; nothing bigger is read

  function readOne(file) {
    var json = /\.json$/i.test(file.name) || file.type === 'application/json';
    if (!json || file.size > maxBytes) return Promise.resolve({ name: file.name, content: file.name });
    return file.text().then(function (text) {
      try { return { name: file.name, content: JSON.parse(text) }; } catch (e) { return { name: file.name, content: file.name }; }
    });
  }

  // read gives the chosen files as documents (at most 20, as Plaid takes).
  function read(files) {
    return Promise.all(Array.prototype.slice.call(files, 0, 20).map(readOne));
  }

  window.LinkDocuments = { read: read };
})();
