// Progressive enhancement only: every page works without this file.
// 1. "Show stream key" flips the masked input to plain text.
// 2. After a failed save, focus moves to the error summary or panel so screen readers announce it.
document.querySelectorAll('[data-toggles]').forEach(function (box) {
  var input = document.getElementById(box.getAttribute('data-toggles'));
  if (!input) return;
  box.addEventListener('change', function () { input.type = box.checked ? 'text' : 'password'; });
});
var problem = document.getElementById('error-summary') || document.getElementById('failure');
if (problem) problem.focus();
