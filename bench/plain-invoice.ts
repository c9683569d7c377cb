import PDFDocument from 'pdfkit';
import type { InvoiceView } from '../src/invoicing/invoice-view.js';
import {
  formatDate,
  formatMoney,
  formatPercent,
  formatQuantity,
} from '../src/documents/locale-format.js';
import type { FontStyle, ParsedFont } from '../src/documents/theme.js';

/**
 * The reference invoice drawn the straightforward way, with PDFKit's own text layout
 * (`doc.text` with a width, its line wrapper, `bufferPages` for "Seite x von y"): the same
 * letterhead, address, info block, line table with repeated head, totals, GiroCode and
 * footer, without our paginator. Drawn either with the standard Helvetica (not embedded, so
 * never PDF/A — a reference only) or with the theme's embedded fonts.
 */
export type PlainFonts = 'helvetica' | Record<FontStyle, ParsedFont>;

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const LEFT = 25 * MM;
const RIGHT = PAGE.width - 20 * MM;
const BOTTOM = PAGE.height - 38 * MM;
const TEXT = '#1d2433';
const MUTED = '#5d6b7e';
const ACCENT = '#0b5cab';

export function renderPlainInvoice(
  view: InvoiceView,
  fonts: PlainFonts,
  creationDate: Date,
): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    size: 'A4',
    margin: 0,
    font: fonts === 'helvetica' ? 'Helvetica' : (null as unknown as string),
    info: { Title: `Rechnung ${view.number}`, CreationDate: creationDate },
  });
  const regular = fonts === 'helvetica' ? 'Helvetica' : 'regular';
  const bold = fonts === 'helvetica' ? 'Helvetica-Bold' : 'bold';
  if (fonts !== 'helvetica') {
    for (const [style, font] of Object.entries(fonts)) {
      doc.registerFont(style, font as unknown as Buffer);
    }
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (cents: number) => formatMoney(cents, 'de');
  const text = (
    value: string,
    x: number,
    y: number,
    width: number,
    options: { size?: number; bold?: boolean; color?: string; align?: 'left' | 'right' } = {},
  ) => {
    doc
      .font(options.bold ? bold : regular)
      .fontSize(options.size ?? 9.5)
      .fillColor(options.color ?? TEXT)
      .text(value, x, y, { width, align: options.align ?? 'left' });
    return doc.heightOfString(value, { width });
  };

  // Letterhead, sender line, address window and info block (DIN 5008 form B).
  doc.addPage({ size: 'A4', margin: 0 });
  const { company: c, customer } = view;
  text(c.legalName, LEFT, 15 * MM, RIGHT - LEFT, { size: 15, bold: true, color: ACCENT });
  text(`${c.legalName} · ${c.street} · ${c.postalCode} ${c.city}`, LEFT, 47 * MM, 85 * MM, {
    size: 6.5,
    color: MUTED,
  });
  const address = [customer.name, customer.attention, customer.street];
  address.push(`${customer.postalCode} ${customer.city}`, customer.countryName);
  let y = 53 * MM;
  for (const line of address) if (line) y += text(line, LEFT, y, 85 * MM);
  y = 50 * MM;
  const info = invoiceInfo(view);
  for (const [label, value] of info) {
    if (!value) continue;
    text(label, 125 * MM, y, 28 * MM, { size: 7.8, color: MUTED });
    y += text(value, 153 * MM, y, 37 * MM, { size: 7.8 });
  }

  y = 98 * MM;
  y += text(`Rechnung ${view.number}`, LEFT, y, RIGHT - LEFT, { size: 15, bold: true }) + 3;
  y += text(view.subject, LEFT, y, RIGHT - LEFT, { size: 11.5, bold: true, color: ACCENT }) + 4;
  y += text('Für unsere Leistungen stellen wir Ihnen in Rechnung:', LEFT, y, RIGHT - LEFT) + 6;

  // Line table: the head repeats on every page the table continues on.
  const columns = [
    { label: 'Pos.', width: 10 * MM, align: 'left' as const },
    { label: 'Leistung', width: 0, align: 'left' as const },
    { label: 'Menge', width: 26 * MM, align: 'right' as const },
    { label: 'Einzelpreis', width: 24 * MM, align: 'right' as const },
    { label: 'USt.', width: 12 * MM, align: 'right' as const },
    { label: 'Gesamt netto', width: 25 * MM, align: 'right' as const },
  ];
  columns[1].width = RIGHT - LEFT - columns.reduce((sum, col) => sum + col.width, 0);
  const row = (cells: string[], top: number, options: { bold?: boolean; size?: number }) => {
    let x = LEFT;
    let height = 0;
    cells.forEach((cell, i) => {
      const h = text(cell, x + 2, top, columns[i].width - 4, {
        ...options,
        align: columns[i].align,
      });
      height = Math.max(height, h);
      x += columns[i].width;
    });
    return height;
  };
  const head = (top: number) => {
    doc.rect(LEFT, top, RIGHT - LEFT, 16).fill('#e6eef7');
    row(
      columns.map((col) => col.label),
      top + 4,
      { bold: true, size: 8.8 },
    );
    return top + 20;
  };
  y = head(y);
  for (const line of view.lines) {
    const cells = [
      line.position,
      line.title,
      `${formatQuantity(line.quantity, 'de')} ${line.unit}`,
      money(line.unitPriceCents),
      formatPercent(line.vatRateBasisPoints, 'de'),
      money(line.netCents),
    ];
    const description = line.description ?? '';
    const height =
      doc
        .font(regular)
        .fontSize(8.8)
        .heightOfString(line.title, { width: columns[1].width - 4 }) +
      (description ? 12 : 0) +
      8;
    if (y + height > BOTTOM) {
      doc.addPage({ size: 'A4', margin: 0 });
      text(`${c.legalName} · Rechnung ${view.number}`, LEFT, 15 * MM, RIGHT - LEFT, {
        size: 7.5,
        color: MUTED,
      });
      y = head(30 * MM);
    }
    row(cells, y + 4, { size: 8.8 });
    if (description) {
      text(description, LEFT + columns[0].width + 2, y + 16, columns[1].width - 4, {
        size: 7.8,
        color: MUTED,
      });
    }
    y += height;
  }

  // Totals, payment request with the GiroCode.
  const totals: Array<[string, string, boolean]> = [
    ['Summe netto', money(view.totals.netCents), false],
    ...view.totals.vat.map((v): [string, string, boolean] => [
      `zzgl. USt. ${formatPercent(v.rateBasisPoints, 'de')} auf ${money(v.baseCents)}`,
      money(v.amountCents),
      false,
    ]),
    ['Rechnungsbetrag brutto', money(view.totals.grossCents), true],
  ];
  y += 6;
  for (const [label, amount, strong] of totals) {
    text(label, RIGHT - 90 * MM, y, 60 * MM, { bold: strong });
    y += text(amount, RIGHT - 30 * MM, y, 30 * MM, { bold: strong, align: 'right' }) + 2;
  }
  y += 10;
  const payment = `Bitte überweisen Sie ${money(view.dueCents)} ohne Abzug bis zum ${formatDate(view.dueDate, 'de')} unter Angabe der Rechnungsnummer ${view.number} auf das Konto ${c.iban ?? ''} (BIC ${c.bic ?? ''}) bei der ${c.bankName ?? ''}.`;
  y += text('Zahlung', LEFT, y, RIGHT - LEFT, { size: 11.5, bold: true, color: ACCENT }) + 3;
  text(payment, LEFT, y, RIGHT - LEFT - 32 * MM);
  if (view.giroCode) {
    const png = Buffer.from(view.giroCode.slice(view.giroCode.indexOf(',') + 1), 'base64');
    doc.image(png, RIGHT - 27 * MM, y, { width: 27 * MM });
  }

  // Footer on every page: page label, rule and the company columns.
  const range = doc.bufferedPageRange();
  const footer = footerColumns(view);
  for (let page = range.start; page < range.start + range.count; page++) {
    doc.switchToPage(page);
    const top = PAGE.height - 32 * MM;
    const label = `Seite ${page + 1} von ${range.count}`;
    text(label, LEFT, top, RIGHT - LEFT, { size: 6.8, color: MUTED, align: 'right' });
    doc
      .moveTo(LEFT, top + 12)
      .lineTo(RIGHT, top + 12)
      .lineWidth(0.5)
      .strokeColor('#c8d1dc')
      .stroke();
    const width = (RIGHT - LEFT) / footer.length;
    footer.forEach((column, i) => {
      const lines = column.filter((line): line is string => Boolean(line));
      text(lines.join('\n'), LEFT + i * width, top + 16, width - 4, { size: 6.8, color: MUTED });
    });
  }
  doc.end();
  return done;
}

/** The invoice's info block beside the address (label, value), as the template prints it. */
export function invoiceInfo(view: InvoiceView): Array<[string, string | null]> {
  const customer = view.customer;
  return [
    ['Rechnungsnr.', view.number],
    ['Rechnungsdatum', formatDate(view.issueDate, 'de')],
    ['Leistungsdatum', view.serviceTo && formatDate(view.serviceTo, 'de')],
    ['Kunden-Nr.', customer.number],
    ['Ansprechpartner', view.contact.name],
    ['E-Mail', view.contact.email],
    ['Projekt', view.projectNumber],
    ['Ihre USt-IdNr.', customer.vatId],
    ['Unsere USt-IdNr.', view.company.vatId],
  ];
}

/** The company columns of the footer, as the template prints them. */
export function footerColumns(view: InvoiceView): Array<Array<string | null>> {
  const c = view.company;
  return [
    [c.legalName, c.street, `${c.postalCode} ${c.city}`, c.commercialRegister],
    [c.phone && `Telefon ${c.phone}`, c.email, c.website],
    [
      c.managingDirectors,
      c.vatId && `USt-IdNr. ${c.vatId}`,
      c.taxNumber && `Steuernr. ${c.taxNumber}`,
    ],
    [c.bankName, c.iban && `IBAN ${c.iban}`, c.bic && `BIC ${c.bic}`],
  ];
}
