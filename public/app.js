// Progressive enhancement only: every page works without this file.
// 1. "Show stream key" (a <details> disclosure) shows the key as typed, not only as it was loaded.
// 2. After a failed save, focus moves to the error summary or panel so screen readers announce it.
document.querySelectorAll('[data-mirrors]').forEach(function (shown) {
  var input = document.getElementById(shown.getAttribute('data-mirrors'));
  if (!input) return;
  input.addEventListener('input', function () { shown.textContent = input.value; });
});
var problem = document.getElementById('error-summary') || document.getElementById('failure');
if (problem) problem.focus();
