// freigabe pages: progressive enhancement only; every form works without this file.
'use strict';
document.addEventListener('htmx:responseError', (event) => {
  const main = document.getElementById('main');
  if (main && event.detail.xhr.status >= 400)
    main.setAttribute('data-htmx-error', String(event.detail.xhr.status));
});

// An inline edit (htmx) answers the project's new version in HX-Trigger: the page's other forms
// post it from now on, so they are not refused as "changed by someone else".
document.addEventListener('projectVersion', (event) => {
  const version = event.detail && event.detail.version;
  if (typeof version !== 'number') return;
  for (const input of document.querySelectorAll('input[type="hidden"][name="version"]'))
    input.value = String(version);
});
