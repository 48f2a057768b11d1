// Progressive enhancement only: every page works without this file.
// 1. The stream key disclosure shows the key as typed, not only as it was saved, so its label changes
//    from "Saved key" to "Show stream key"; a copy button copies the key without showing it.
// 2. After a failed save, focus moves to the error summary or panel so screen readers announce it.
// 3. A running bulk job's page follows the job by asking its progress every 2 s (no timed reload, which
//    would take the page from under a screen reader); once the job stops, the page loads once more.
document.querySelectorAll('[data-mirrors]').forEach(function (shown) {
  var input = document.getElementById(shown.getAttribute('data-mirrors'));
  if (!input) return;
  input.addEventListener('input', function () { shown.textContent = input.value; });
});
document.querySelectorAll('details.show-key').forEach(function (details) {
  var summary = details.querySelector('summary');
  var input = document.getElementById('stream_key');
  if (summary && details.dataset.jsLabel) summary.textContent = details.dataset.jsLabel;
  if (!input || !navigator.clipboard) return;
  var copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'secondary outline copy-key';
  copy.textContent = details.dataset.copyLabel;
  var status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.className = 'copy-status';
  copy.addEventListener('click', function () {
    navigator.clipboard.writeText(input.value).then(function () { status.textContent = details.dataset.copiedLabel; });
  });
  details.insertAdjacentElement('afterend', status);
  details.insertAdjacentElement('afterend', copy);
});
var problem = document.getElementById('error-summary') || document.getElementById('failure');
if (problem) problem.focus();

document.querySelectorAll('[data-progress-url]').forEach(function (section) {
  var bar = section.querySelector('progress');
  var text = section.querySelector('.progress-text');
  var status = section.querySelector('.job-status');
  function follow() {
    fetch(section.getAttribute('data-progress-url'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
      .then(function (progress) {
        bar.value = progress.done;
        bar.max = progress.total;
        text.textContent = progress.text;
        if (status.textContent !== progress.status) status.textContent = progress.status;
        if (progress.active) setTimeout(follow, 2000);
        else window.location.reload();
      })
      .catch(function () { setTimeout(follow, 5000); });
  }
  setTimeout(follow, 2000);
});
