import { centsToDecimal, formatQuantity } from '../common/money.js';
import { basisPointsToPercent } from '../common/percent.js';
import { formatDate } from '../documents/locale-format.js';
import type { InvoiceSnapshot, InvoiceUnit, PartySnapshot } from './invoice-snapshot.js';
import type { VatCategory } from './invoice-totals.js';
import { exemptionOf } from './vat-cases.js';

/**
 * Writes the Factur-X / ZUGFeRD 2.x `factur-x.xml` (UN/CEFACT CII D16B, EN 16931 profile)
 * from an invoice snapshot. A small typed builder instead of an npm library: the one we tried
 * drops the preceding-invoice reference (BT-25) on cancellations, and amounts here come from
 * integer cents, so every decimal is exact. Element order follows the Factur-X XSD.
 */
const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

/** UN/ECE Recommendation 20 unit codes. */
const UNIT_CODES: Record<InvoiceUnit, string> = {
  hour: 'HUR',
  work_unit: 'C62',
  day: 'DAY',
  piece: 'H87',
  flat: 'LS',
  month: 'MON',
};

type Node = string | null | undefined | false;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function el(name: string, ...children: Node[]): string {
  const inner = children.filter((c): c is string => typeof c === 'string' && c !== '').join('');
  return `<${name}>${inner}</${name}>`;
}

function text(name: string, value: string | null | undefined, attributes = ''): string {
  if (value === null || value === undefined || value === '') return '';
  return `<${name}${attributes}>${escapeXml(value)}</${name}>`;
}

const amount = (name: string, cents: number, currency = false) =>
  text(name, centsToDecimal(cents), currency ? ' currencyID="EUR"' : '');

const date = (name: string, day: string, prefix = 'udt') =>
  el(
    name,
    `<${prefix}:DateTimeString format="102">${day.replace(/-/g, '')}</${prefix}:DateTimeString>`,
  );

function party(
  name: string,
  p: PartySnapshot,
  extra: Node[] = [],
  ids: { id?: string | null; legalId?: string | null } = {},
): string {
  return el(
    name,
    text('ram:ID', ids.id),
    text('ram:Name', p.name),
    ids.legalId ? el('ram:SpecifiedLegalOrganization', text('ram:ID', ids.legalId)) : '',
    ...extra,
    el(
      'ram:PostalTradeAddress',
      text('ram:PostcodeCode', p.postalCode),
      text('ram:LineOne', p.street),
      text('ram:CityName', p.city),
      text('ram:CountryID', p.countryCode),
    ),
    p.vatId && el('ram:SpecifiedTaxRegistration', text('ram:ID', p.vatId, ' schemeID="VA"')),
    p.taxNumber &&
      el('ram:SpecifiedTaxRegistration', text('ram:ID', p.taxNumber, ' schemeID="FC"')),
  );
}

/** BT-20 and the register note (BT-22) in the invoice's language. */
const PAYMENT_TERMS = {
  de: (day: string) => `Zahlbar ohne Abzug bis ${day}`,
  en: (day: string) => `Payable without deduction by ${day}`,
};
const NOTHING_DUE = { de: 'Keine Zahlung fällig.', en: 'No payment due.' };
const MANAGING_DIRECTORS = { de: 'Geschäftsführung', en: 'Managing directors' };

function plainDate(day: string, locale: 'de' | 'en'): string {
  return formatDate(day, locale).replace(/\u00a0/g, ' ');
}

/**
 * BG-13: the delivery date (BT-72). A down payment has none yet, so the delivery country (BT-80)
 * stands in (PEPPOL-EN16931-R008 forbids an empty ApplicableHeaderTradeDelivery). Its
 * cancellation (384) must carry a date (BR-FX-EN-04): the cancelled down payment's date, the
 * date its prepayment was invoiced on (§13 Abs. 1 Nr. 1a Satz 4 UStG).
 */
function delivery(invoice: InvoiceSnapshot): string {
  const day =
    invoice.serviceTo ?? (invoice.kind === 'cancellation' ? invoice.preceding?.issueDate : null);
  if (day) {
    return el(
      'ram:ApplicableHeaderTradeDelivery',
      el('ram:ActualDeliverySupplyChainEvent', date('ram:OccurrenceDateTime', day)),
    );
  }
  const { buyer } = invoice;
  return el(
    'ram:ApplicableHeaderTradeDelivery',
    el(
      'ram:ShipToTradeParty',
      text('ram:Name', buyer.name),
      el(
        'ram:PostalTradeAddress',
        text('ram:PostcodeCode', buyer.postalCode),
        text('ram:LineOne', buyer.street),
        text('ram:CityName', buyer.city),
        text('ram:CountryID', buyer.countryCode),
      ),
    ),
  );
}

/**
 * BG-3: the invoice a cancellation corrects (BT-25/26) and, on a final invoice, every down
 * payment it deducts (§14 Abs. 5 UStG), so a receiving system can match the prepaid amount.
 */
function precedingInvoices(invoice: InvoiceSnapshot): { number: string; issueDate: string }[] {
  const deducted = invoice.deductions.map((d) => ({ number: d.number, issueDate: d.issueDate }));
  return invoice.preceding ? [invoice.preceding, ...deducted] : deducted;
}

/** BT-152 / BT-119: a supply not subject to VAT has no rate at all (BR-O-05, BR-48). */
function rateOf(category: VatCategory, rateBp: number): string | null {
  return category === 'O' ? null : basisPointsToPercent(rateBp);
}

export function buildCii(invoice: InvoiceSnapshot): string {
  const { totals } = invoice;
  // A supply not subject to VAT carries no VAT identifiers (BR-O-02); without its VAT ID the
  // seller is identified by its tax number (BT-29, BT-32).
  const notSubject = invoice.lines.some((line) => line.vatCategory === 'O');
  const seller = notSubject ? { ...invoice.seller, vatId: null } : invoice.seller;
  const buyer = notSubject ? { ...invoice.buyer, vatId: null } : invoice.buyer;
  const lines = invoice.lines.map((line) =>
    el(
      'ram:IncludedSupplyChainTradeLineItem',
      el('ram:AssociatedDocumentLineDocument', text('ram:LineID', String(line.position))),
      el(
        'ram:SpecifiedTradeProduct',
        text('ram:Name', line.title),
        text('ram:Description', line.description),
      ),
      el(
        'ram:SpecifiedLineTradeAgreement',
        el('ram:NetPriceProductTradePrice', amount('ram:ChargeAmount', line.unitPriceCents)),
      ),
      el(
        'ram:SpecifiedLineTradeDelivery',
        text(
          'ram:BilledQuantity',
          formatQuantity(line.quantity),
          ` unitCode="${UNIT_CODES[line.unit]}"`,
        ),
      ),
      el(
        'ram:SpecifiedLineTradeSettlement',
        el(
          'ram:ApplicableTradeTax',
          text('ram:TypeCode', 'VAT'),
          text('ram:CategoryCode', line.vatCategory),
          text('ram:RateApplicablePercent', rateOf(line.vatCategory, line.vatRateBp)),
        ),
        el(
          'ram:SpecifiedTradeSettlementLineMonetarySummation',
          amount('ram:LineTotalAmount', line.netCents),
        ),
      ),
    ),
  );
  const notes = [
    ...invoice.notes.map((note) => el('ram:IncludedNote', text('ram:Content', note))),
    el(
      'ram:IncludedNote',
      text(
        'ram:Content',
        [
          seller.name,
          `${seller.street}, ${seller.postalCode} ${seller.city}`,
          seller.commercialRegister,
          seller.managingDirectors &&
            `${MANAGING_DIRECTORS[invoice.locale]}: ${seller.managingDirectors}`,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      text('ram:SubjectCode', 'REG'),
    ),
  ];
  const taxes = invoice.vat.map((v) => {
    const exemption = exemptionOf(v.category, invoice.locale);
    return el(
      'ram:ApplicableTradeTax',
      amount('ram:CalculatedAmount', v.amountCents),
      text('ram:TypeCode', 'VAT'),
      text('ram:ExemptionReason', exemption?.reason),
      amount('ram:BasisAmount', v.baseCents),
      text('ram:CategoryCode', v.category),
      text('ram:ExemptionReasonCode', exemption?.code),
      text('ram:RateApplicablePercent', rateOf(v.category, v.rateBp)),
    );
  });
  // BG-20: goodwill and the budget cap lower the taxable amount of their category and rate.
  const allowances = (invoice.allowances ?? []).map((a) =>
    el(
      'ram:SpecifiedTradeAllowanceCharge',
      el('ram:ChargeIndicator', '<udt:Indicator>false</udt:Indicator>'),
      amount('ram:ActualAmount', a.amountCents),
      text('ram:Reason', a.reason),
      el(
        'ram:CategoryTradeTax',
        text('ram:TypeCode', 'VAT'),
        text('ram:CategoryCode', a.vatCategory),
        text('ram:RateApplicablePercent', rateOf(a.vatCategory, a.vatRateBp)),
      ),
    ),
  );
  const lineTotal = invoice.lines.reduce((total, line) => total + line.netCents, 0);
  const allowanceTotal = (invoice.allowances ?? []).reduce((total, a) => total + a.amountCents, 0);
  const period =
    invoice.serviceFrom && invoice.serviceTo
      ? el(
          'ram:BillingSpecifiedPeriod',
          date('ram:StartDateTime', invoice.serviceFrom),
          date('ram:EndDateTime', invoice.serviceTo),
        )
      : '';
  const paymentMeans = seller.iban
    ? el(
        'ram:SpecifiedTradeSettlementPaymentMeans',
        text('ram:TypeCode', '58'), // SEPA credit transfer
        el('ram:PayeePartyCreditorFinancialAccount', text('ram:IBANID', seller.iban)),
        seller.bic
          ? el('ram:PayeeSpecifiedCreditorFinancialInstitution', text('ram:BICID', seller.bic))
          : '',
      )
    : '';
  const terms = el(
    'ram:SpecifiedTradePaymentTerms',
    text(
      'ram:Description',
      totals.dueCents > 0
        ? PAYMENT_TERMS[invoice.locale](plainDate(invoice.dueDate, invoice.locale))
        : NOTHING_DUE[invoice.locale],
    ),
    totals.dueCents > 0 ? date('ram:DueDateDateTime', invoice.dueDate) : '',
  );
  const xml = el(
    'rsm:CrossIndustryInvoice',
    el(
      'rsm:ExchangedDocumentContext',
      el(
        'ram:GuidelineSpecifiedDocumentContextParameter',
        text('ram:ID', 'urn:cen.eu:en16931:2017'),
      ),
    ),
    el(
      'rsm:ExchangedDocument',
      text('ram:ID', invoice.number),
      text('ram:TypeCode', invoice.typeCode),
      date('ram:IssueDateTime', invoice.issueDate),
      ...notes,
    ),
    el(
      'rsm:SupplyChainTradeTransaction',
      ...lines,
      el(
        'ram:ApplicableHeaderTradeAgreement',
        text('ram:BuyerReference', invoice.buyerReference),
        party(
          'ram:SellerTradeParty',
          seller,
          [
            seller.email || seller.phone
              ? el(
                  'ram:DefinedTradeContact',
                  text('ram:PersonName', seller.name),
                  seller.phone
                    ? el(
                        'ram:TelephoneUniversalCommunication',
                        text('ram:CompleteNumber', seller.phone),
                      )
                    : '',
                  seller.email
                    ? el('ram:EmailURIUniversalCommunication', text('ram:URIID', seller.email))
                    : '',
                )
              : '',
          ],
          // BR-CO-26 wants a seller identifier: without a VAT ID (small business), the
          // tax number serves as BT-29; the commercial register entry is BT-30.
          { id: seller.vatId ? null : seller.taxNumber, legalId: seller.commercialRegister },
        ),
        party('ram:BuyerTradeParty', buyer, [], { id: buyer.number }),
      ),
      delivery(invoice),
      el(
        'ram:ApplicableHeaderTradeSettlement',
        text('ram:PaymentReference', invoice.number),
        text('ram:InvoiceCurrencyCode', invoice.currency),
        paymentMeans,
        ...taxes,
        period,
        ...allowances,
        terms,
        el(
          'ram:SpecifiedTradeSettlementHeaderMonetarySummation',
          amount('ram:LineTotalAmount', lineTotal),
          allowanceTotal !== 0 ? amount('ram:AllowanceTotalAmount', allowanceTotal) : '',
          amount('ram:TaxBasisTotalAmount', totals.netCents),
          amount('ram:TaxTotalAmount', totals.vatCents, true),
          amount('ram:GrandTotalAmount', totals.grossCents),
          totals.prepaidCents !== 0 ? amount('ram:TotalPrepaidAmount', totals.prepaidCents) : '',
          amount('ram:DuePayableAmount', totals.dueCents),
        ),
        ...precedingInvoices(invoice).map((preceding) =>
          el(
            'ram:InvoiceReferencedDocument',
            text('ram:IssuerAssignedID', preceding.number),
            date('ram:FormattedIssueDateTime', preceding.issueDate, 'qdt'),
          ),
        ),
      ),
    ),
  ).replace(
    '<rsm:CrossIndustryInvoice>',
    `<rsm:CrossIndustryInvoice xmlns:rsm="${NS.rsm}" xmlns:qdt="${NS.qdt}" xmlns:ram="${NS.ram}" xmlns:udt="${NS.udt}">`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}
