// /streams, progressive enhancement only: the page works without this file (labels tick rows, "Select all
// shown" and the filters are forms, a reload shows destinations read since).
// 1. A click anywhere on a row (but a link or the box itself) ticks it; shift-click ticks or clears a range.
// 2. The header checkbox selects or clears every row shown; "N selected" follows the ticks.
// 3. Destinations still being read ("reading…") are filled in from the same page fetched again, as they arrive.
(function () {
  var table = document.getElementById('streams-table');
  if (!table) return;
  var boxes = function () { return Array.prototype.slice.call(table.querySelectorAll('tbody input[name="targets"]')); };
  var all = document.getElementById('select-all');
  var count = document.getElementById('selected-count');
  var last = null;

  function update() {
    var list = boxes();
    var ticked = list.filter(function (box) { return box.checked; }).length;
    if (count) count.textContent = count.getAttribute('data-template').replace('{n}', String(ticked));
    if (all) {
      all.checked = ticked > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    }
  }

  function tick(box, checked, shift) {
    var list = boxes();
    if (shift && last && last !== box) {
      var from = list.indexOf(last);
      var to = list.indexOf(box);
      list.slice(Math.min(from, to), Math.max(from, to) + 1).forEach(function (each) { each.checked = checked; });
    } else {
      box.checked = checked;
    }
    last = box;
    update();
  }

  table.addEventListener('click', function (event) {
    var target = event.target;
    if (target.closest('a, label, #select-all')) return;
    var row = target.closest('tbody tr');
    if (!row) return;
    var box = row.querySelector('input[name="targets"]');
    if (!box) return;
    if (target === box) {
      // The browser already toggled it; a shift-click extends the range to it.
      tick(box, box.checked, event.shiftKey);
      return;
    }
    event.preventDefault();
    tick(box, !box.checked, event.shiftKey);
  });
  // A shift-click would also select the rows' text: keep the selection to the boxes.
  table.addEventListener('mousedown', function (event) {
    if (event.shiftKey && event.target.closest('tbody tr')) event.preventDefault();
  });
  // A label's click reaches the box as a click of its own: that one is handled above.
  table.addEventListener('change', update);

  if (all) {
    all.hidden = false;
    all.addEventListener('change', function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  update();

  var tries = 0;
  function fillPending() {
    var pending = table.querySelectorAll('td.current.pending');
    if (pending.length === 0 || tries >= 60) return;
    tries += 1;
    fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : ''; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        Array.prototype.forEach.call(table.querySelectorAll('td.current.pending'), function (cell) {
          var value = cell.parentElement.getAttribute('data-target');
          var row = fresh.querySelector('tr[data-target="' + CSS.escape(value) + '"]');
          var next = row && row.querySelector('td.current');
          if (next && !next.classList.contains('pending')) cell.replaceWith(document.importNode(next, true));
        });
        var note = document.querySelector('.reading-note');
        if (note && !table.querySelector('td.current.pending')) note.remove();
      })
      .catch(function () { return undefined; })
      .then(function () { window.setTimeout(fillPending, 1000); });
  }
  window.setTimeout(fillPending, 500);
})();
