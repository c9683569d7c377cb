import QRCode from 'qrcode';
import { companyView } from '../documents/letter-views.js';
import type { InvoiceView } from './invoice-view.js';
import { giroCodePayload } from './giro-code.js';
import type { InvoiceSnapshot, SellerSnapshot } from './invoice-snapshot.js';
import { showsVat } from './vat-cases.js';

/**
 * Factur-X 1.0 XMP: the PDF/A extension schema describing the `fx:` properties, then the
 * properties themselves (EN 16931 conformance level). Appended to the PDF/A-3 metadata.
 */
export const FACTURX_XMP = `
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
  <fx:DocumentType>INVOICE</fx:DocumentType>
  <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
  <fx:Version>1.0</fx:Version>
  <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>
`;

/** The GiroCode as a PNG data URL for the template; null when nothing is to be paid. */
export async function giroCodeImage(snapshot: InvoiceSnapshot): Promise<string | null> {
  const { seller } = snapshot;
  if (!seller.iban) return null;
  const payload = giroCodePayload({
    name: seller.name,
    iban: seller.iban,
    bic: seller.bic,
    amountCents: snapshot.totals.dueCents,
    remittance: snapshot.number,
  });
  if (!payload) return null;
  // EPC069-12 asks for error correction level M. Greyscale without alpha: PDFKit embeds such
  // a PNG's data as it is, where an RGBA one is decoded and re-compressed in every document.
  return QRCode.toDataURL(payload, {
    errorCorrectionLevel: 'M',
    margin: 1,
    scale: 6,
    // rendererOpts go to pngjs; the qrcode typings do not list its colorType.
    rendererOpts: { colorType: 0 },
  } as QRCode.QRCodeToDataURLOptions);
}

function countryName(code: string, sellerCountry: string, locale: 'de' | 'en'): string | null {
  if (code === sellerCountry) return null;
  return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
}

/** The seller as the letters name the company: `legalName`, the IBAN in groups of four. */
function toCompanyView(seller: SellerSnapshot): InvoiceView['company'] {
  return companyView({ ...seller, legalName: seller.name });
}

/** The buyer as the address block prints it: the country only when abroad. */
function toCustomerView({ buyer, seller, locale }: InvoiceSnapshot): InvoiceView['customer'] {
  return {
    number: buyer.number,
    name: buyer.name,
    attention: buyer.attention,
    street: buyer.street,
    postalCode: buyer.postalCode,
    city: buyer.city,
    countryName: countryName(buyer.countryCode, seller.countryCode, locale),
    vatId: buyer.vatId,
  };
}

export function toInvoiceView(
  snapshot: InvoiceSnapshot,
  contact: InvoiceView['contact'],
  giroCode: string | null,
): InvoiceView {
  return {
    kind: snapshot.kind,
    number: snapshot.number,
    issueDate: snapshot.issueDate,
    subject: snapshot.subject,
    company: toCompanyView(snapshot.seller),
    customer: toCustomerView(snapshot),
    buyerReference: snapshot.buyerReference,
    projectNumber: snapshot.projectNumber,
    contact,
    serviceFrom: snapshot.serviceFrom,
    serviceTo: snapshot.serviceTo,
    vatCase: snapshot.vatCase,
    showVat: showsVat(snapshot.vatCase),
    lines: snapshot.lines.map((line) => ({
      position: String(line.position),
      title: line.title,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit,
      unitPriceCents: line.unitPriceCents,
      netCents: line.netCents,
      vatRateBasisPoints: line.vatRateBp,
    })),
    allowances: (snapshot.allowances ?? []).map((a) => ({
      reason: a.reason,
      amountCents: -a.amountCents,
      vatRateBasisPoints: a.vatRateBp,
    })),
    totals: {
      netCents: snapshot.totals.netCents,
      vat: snapshot.vat.map((v) => ({
        rateBasisPoints: v.rateBp,
        baseCents: v.baseCents,
        amountCents: v.amountCents,
      })),
      grossCents: snapshot.totals.grossCents,
    },
    deductions: snapshot.deductions.map((d) => ({
      number: d.number,
      issueDate: d.issueDate,
      netCents: d.netCents,
      vatCents: d.vatCents,
      grossCents: d.grossCents,
    })),
    prepaidCents: snapshot.totals.prepaidCents,
    dueCents: snapshot.totals.dueCents,
    dueDate: snapshot.dueDate,
    paymentTermsDays: snapshot.paymentTermsDays,
    preceding: snapshot.preceding,
    notes: snapshot.notes,
    giroCode,
  };
}
