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

  // Each page is a canvas with pdf.js's text layer over it: invisible text in the page's places,
  // so the words can be selected, copied and found with the browser's search. The layer sizes
  // itself from --total-scale-factor (CSS pixels per PDF point), set through the CSSOM, which
  // the Content-Security-Policy allows (no inline style attribute in the markup).
  async function drawPage(pdfjs, pdf, number) {
    const page = await pdf.getPage(number);
    const width = viewer.clientWidth || 360;
    const cssScale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale: cssScale * (window.devicePixelRatio || 1) });
    const wrap = document.createElement('div');
    wrap.className = 'portal-page-wrap';
    const pointsWide = page.getViewport({ scale: 1 }).width;
    wrap.style.setProperty('--total-scale-factor', String(cssScale));
    // The canvas follows the screen's width (a phone turned, a window resized); the text layer
    // follows through its scale factor.
    new ResizeObserver(() => {
      if (wrap.clientWidth > 0) {
        wrap.style.setProperty('--total-scale-factor', String(wrap.clientWidth / pointsWide));
      }
    }).observe(wrap);
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.className = 'portal-page';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', pageLabel(number, pdf.numPages));
    const text = document.createElement('div');
    text.className = 'textLayer';
    wrap.append(canvas, text);
    viewer.append(wrap);
    await page.render({ canvasContext: canvas.getContext('2d'), canvas, viewport }).promise;
    const layer = new pdfjs.TextLayer({
      textContentSource: page.streamTextContent(),
      container: text,
      viewport: page.getViewport({ scale: cssScale }),
    });
    await layer.render();
  }

  async function show() {
    const pdfjs = await import(viewer.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.worker;
    const pdf = await pdfjs.getDocument({ url: viewer.dataset.src, isEvalSupported: false })
      .promise;
    status.remove();
    for (let number = 1; number <= pdf.numPages; number += 1) await drawPage(pdfjs, pdf, number);
    viewer.dataset.pages = String(pdf.numPages);
  }

  show().catch(() => {
    status.textContent = viewer.dataset.failed;
    viewer.dataset.failedToLoad = 'true';
  });
})();
