import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvoiceView } from '../src/invoicing/invoice-view.js';
import {
  formatDate,
  formatMoney,
  formatPercent,
  formatQuantity,
} from '../src/documents/locale-format.js';
import { FONT_STYLES, type ThemeFile } from '../src/documents/theme.js';
import { footerColumns, invoiceInfo } from './plain-invoice.js';

/**
 * The reference invoice as HTML for the Chromium baseline: the same content and the same
 * embedded Open Sans (as data URLs, so no request leaves the page), A4 with DIN 5008 margins,
 * a table head Chromium repeats on each page; page label and company columns in the print
 * footer (`invoiceFooterHtml`).
 */
const FACES: Record<(typeof FONT_STYLES)[number], string> = {
  regular: 'font-weight: 400; font-style: normal',
  bold: 'font-weight: 700; font-style: normal',
  italic: 'font-weight: 400; font-style: italic',
  boldItalic: 'font-weight: 700; font-style: italic',
};

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * `fontUrl` given: the faces are loaded from that URL (served once with cache headers, as a
 * PDF service would); without it they are inlined as base64 (1.1 MiB of HTML per document).
 */
export function invoiceHtml(
  view: InvoiceView,
  templatesDir: string,
  fontUrl?: (style: (typeof FONT_STYLES)[number]) => string,
): string {
  const theme = JSON.parse(readFileSync(join(templatesDir, 'theme.json'), 'utf8')) as ThemeFile;
  const fontFaces = FONT_STYLES.map((style) => {
    const src = fontUrl
      ? fontUrl(style)
      : `data:font/ttf;base64,${readFileSync(join(templatesDir, theme.fonts[style])).toString('base64')}`;
    return `@font-face { font-family: 'Theme'; ${FACES[style]}; src: url(${src}); }`;
  }).join('\n');
  const money = (cents: number) => formatMoney(cents, 'de');
  const { company: c, customer } = view;
  const address = [
    customer.name,
    customer.attention,
    customer.street,
    `${customer.postalCode} ${customer.city}`,
    customer.countryName,
  ];
  const info = invoiceInfo(view);
  const rows = view.lines
    .map(
      (line) =>
        `<tr><td>${line.position}</td><td>${escape(line.title)}${
          line.description ? `<div class="muted">${escape(line.description)}</div>` : ''
        }</td><td class="r">${formatQuantity(line.quantity, 'de')} ${line.unit}</td><td class="r">${money(
          line.unitPriceCents,
        )}</td><td class="r">${formatPercent(line.vatRateBasisPoints, 'de')}</td><td class="r">${money(
          line.netCents,
        )}</td></tr>`,
    )
    .join('\n');
  const vat = view.totals.vat
    .map(
      (v) =>
        `<tr><td>zzgl. USt. ${formatPercent(v.rateBasisPoints, 'de')} auf ${money(v.baseCents)}</td><td class="r">${money(v.amountCents)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Rechnung ${escape(view.number)}</title>
<style>
${fontFaces}
@page { size: A4; margin: 15mm 20mm 38mm 25mm; }
body { margin: 0; font: 9.5pt/1.42 'Theme'; color: #1d2433; }
.wordmark { font-size: 15pt; font-weight: 700; color: #0b5cab; height: 30mm; }
.window { display: flex; justify-content: space-between; height: 55mm; }
.sender { font-size: 6.5pt; color: #5d6b7e; }
.info { font-size: 7.8pt; border-collapse: collapse; }
.info td:first-child { color: #5d6b7e; padding-right: 4mm; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; color: #0b5cab; margin: 5mm 0 2mm; }
table.lines { width: 100%; border-collapse: collapse; font-size: 8.8pt; }
table.lines th { background: #e6eef7; text-align: left; padding: 1.2mm; }
table.lines td { padding: 0.9mm 1.2mm; vertical-align: top; }
table.lines tr { break-inside: avoid; }
table.lines tr:nth-child(even) td { background: #f5f8fb; }
.r { text-align: right; }
.muted { color: #5d6b7e; font-size: 7.8pt; }
.totals { margin-left: auto; margin-top: 3mm; border-collapse: collapse; }
.totals td { padding: 0.6mm 0 0.6mm 8mm; }
.totals tr:last-child { font-weight: 700; }
.payment { display: flex; gap: 5mm; break-inside: avoid; }
.payment img { width: 27mm; height: 27mm; }
</style></head><body>
<div class="wordmark">${escape(c.legalName)}</div>
<div class="window"><div>
<div class="sender">${escape(`${c.legalName} · ${c.street} · ${c.postalCode} ${c.city}`)}</div>
<p>${address
    .filter(Boolean)
    .map((l) => escape(l!))
    .join('<br>')}</p></div>
<table class="info">${info
    .filter(([, value]) => value)
    .map(([label, value]) => `<tr><td>${label}</td><td>${escape(value!)}</td></tr>`)
    .join('')}</table></div>
<h1>Rechnung ${escape(view.number)}</h1>
<h2>${escape(view.subject)}</h2>
<p>Für unsere Leistungen stellen wir Ihnen in Rechnung:</p>
<table class="lines"><thead><tr><th>Pos.</th><th>Leistung</th><th class="r">Menge</th><th class="r">Einzelpreis</th><th class="r">USt.</th><th class="r">Gesamt netto</th></tr></thead>
<tbody>${rows}</tbody></table>
<table class="totals"><tr><td>Summe netto</td><td class="r">${money(view.totals.netCents)}</td></tr>${vat}
<tr><td>Rechnungsbetrag brutto</td><td class="r">${money(view.totals.grossCents)}</td></tr></table>
<h2>Zahlung</h2>
<div class="payment"><p>Bitte überweisen Sie ${money(view.dueCents)} ohne Abzug bis zum ${formatDate(
    view.dueDate,
    'de',
  )} unter Angabe der Rechnungsnummer ${escape(view.number)} auf das Konto ${escape(
    c.iban ?? '',
  )} (BIC ${escape(c.bic ?? '')}) bei der ${escape(c.bankName ?? '')}.</p>${
    view.giroCode ? `<img src="${view.giroCode}" alt="GiroCode">` : ''
  }</div>
</body></html>`;
}

/**
 * Chromium's print footer on every page: the page label, a rule and the company columns.
 * Print headers and footers are separate documents without the page's fonts.
 */
export function invoiceFooterHtml(view: InvoiceView): string {
  const columns = footerColumns(view)
    .map(
      (column) =>
        `<div>${column
          .filter(Boolean)
          .map((l) => escape(l!))
          .join('<br>')}</div>`,
    )
    .join('');
  return `<div style="width: 100%; margin: 0 20mm 8mm 25mm; font: 6.8pt/1.4 sans-serif; color: #5d6b7e;">
<div style="text-align: right;">Seite <span class="pageNumber"></span> von <span class="totalPages"></span></div>
<div style="display: flex; justify-content: space-between; border-top: 0.5pt solid #c8d1dc; padding-top: 1.5mm;">${columns}</div></div>`;
}
