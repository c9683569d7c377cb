// The portal's document viewer: pdf.js (served by the app) draws every page of the PDF on a
// canvas as wide as the screen, so a phone shows the whole document (an <iframe> PDF shows
// nothing on Android's Chrome and only the first page on iOS). The download link stays.
'use strict';
(function () {
  const viewer = document.querySelector('[data-pdf-viewer]');
  if (!viewer) return;
  const status = viewer.querySelector('[data-viewer-status]');

  function pageLabel(number, count) {
    return viewer.dataset.pageLabel.replace('{number}', number).replace('{count}', count);
  }

  async function drawPage(pdf, number) {
    const page = await pdf.getPage(number);
    const width = viewer.clientWidth || 360;
    const cssScale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale: cssScale * (window.devicePixelRatio || 1) });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.className = 'portal-page';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', pageLabel(number, pdf.numPages));
    viewer.append(canvas);
    await page.render({ canvasContext: canvas.getContext('2d'), canvas, viewport }).promise;
  }

  async function show() {
    const pdfjs = await import(viewer.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.worker;
    const pdf = await pdfjs.getDocument({ url: viewer.dataset.src, isEvalSupported: false })
      .promise;
    status.remove();
    for (let number = 1; number <= pdf.numPages; number += 1) await drawPage(pdf, number);
    viewer.dataset.pages = String(pdf.numPages);
  }

  show().catch(() => {
    status.textContent = viewer.dataset.failed;
    viewer.dataset.failedToLoad = 'true';
  });
})();
