// freigabe pages: progressive enhancement only; every form works without this file.
'use strict';
document.addEventListener('htmx:responseError', (event) => {
  const main = document.getElementById('main');
  if (main && event.detail.xhr.status >= 400)
    main.setAttribute('data-htmx-error', String(event.detail.xhr.status));
});
