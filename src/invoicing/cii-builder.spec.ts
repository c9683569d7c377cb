import { describe, expect, it } from '@jest/globals';
import { buildCii } from './cii-builder.js';
import { composeCancellation, composeInvoice } from './invoice-compose.js';
import { sampleComposeInput } from './invoice-samples.js';

const xmlOf = (kind: Parameters<typeof sampleComposeInput>[0]) =>
  buildCii(composeInvoice(sampleComposeInput(kind)));

describe('CII builder (Factur-X EN 16931)', () => {
  it('writes exact decimals and escapes text', () => {
    const xml = xmlOf('standard');
    expect(xml).toContain('<ram:BilledQuantity unitCode="HUR">12</ram:BilledQuantity>');
    expect(xml).toContain('<ram:ChargeAmount>499.99</ram:ChargeAmount>');
    expect(xml).toContain('<ram:Name>Müller &amp; Söhne Logistik GmbH</ram:Name>');
    expect(xml).toContain('<ram:Description>Postfächer &lt;alle&gt;</ram:Description>');
    // 1440.00 + 499.99 at 19 %, 59.85 at 7 %
    expect(xml).toContain('<ram:BasisAmount>1939.99</ram:BasisAmount>');
    expect(xml).toContain('<ram:CalculatedAmount>368.60</ram:CalculatedAmount>');
    expect(xml).toContain('<ram:CalculatedAmount>4.19</ram:CalculatedAmount>');
    expect(xml).toContain('<ram:GrandTotalAmount>2372.63</ram:GrandTotalAmount>');
    expect(xml).toContain('<ram:TaxTotalAmount currencyID="EUR">372.79</ram:TaxTotalAmount>');
  });

  it('reverse charge: category AE, exemption text and code, both VAT IDs', () => {
    const xml = xmlOf('reverse_charge');
    expect(xml).toContain('<ram:CategoryCode>AE</ram:CategoryCode>');
    expect(xml).toContain('<ram:ExemptionReasonCode>VATEX-EU-AE</ram:ExemptionReasonCode>');
    expect(xml).toContain('Steuerschuldnerschaft des Leistungsempfängers');
    expect(xml).toContain('schemeID="VA">ATU12345678<');
    expect(xml).toContain('schemeID="VA">DE123456789<');
  });

  it('outside the EU: category O without rates, exemption text and code, no VAT identifiers', () => {
    const xml = xmlOf('third_country');
    expect(xml).toContain('<ram:CategoryCode>O</ram:CategoryCode>');
    expect(xml).not.toMatch(/<ram:CategoryCode>(S|AE|E)</);
    expect(xml).not.toContain('RateApplicablePercent');
    expect(xml).toContain('<ram:ExemptionReasonCode>VATEX-EU-O</ram:ExemptionReasonCode>');
    expect(xml).toContain('Nicht im Inland steuerbare Leistung');
    expect(xml).toContain('<ram:TaxTotalAmount currencyID="EUR">0.00</ram:TaxTotalAmount>');
    // BR-O-02: neither the seller's nor the buyer's VAT ID; the tax number identifies the seller.
    expect(xml).not.toContain('schemeID="VA"');
    expect(xml).not.toContain('CHE123456789');
    expect(xml).toContain('<ram:ID schemeID="FC">231/123/45678</ram:ID>');
  });

  it('a final invoice deducts the down payments as prepaid amount', () => {
    const xml = xmlOf('final');
    expect(xml).toContain('<ram:TotalPrepaidAmount>777.81</ram:TotalPrepaidAmount>');
    expect(xml).toContain('<ram:DuePayableAmount>1594.82</ram:DuePayableAmount>');
    expect(xml).toContain('<ram:BuyerReference>04011000-12345-67</ram:BuyerReference>');
  });

  it('a cancellation is type 384, negated, and names the original number and date', () => {
    const original = composeInvoice(sampleComposeInput('standard'));
    const xml = buildCii(composeCancellation(original, 'ST-2026-00001', '2026-11-30'));
    expect(xml).toContain('<ram:TypeCode>384</ram:TypeCode>');
    expect(xml).toContain('<ram:GrandTotalAmount>-2372.63</ram:GrandTotalAmount>');
    expect(xml).toContain('<ram:ChargeAmount>499.99</ram:ChargeAmount>');
    expect(xml).toContain(
      '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>RE-2026-00001</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString format="102">20261122</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>',
    );
  });

  it('a down payment has no delivery date: the delivery country instead of an empty element', () => {
    const xml = xmlOf('down_payment');
    expect(xml).not.toMatch(
      /<ram:ApplicableHeaderTradeDelivery><\/ram:ApplicableHeaderTradeDelivery>/,
    );
    expect(xml).toMatch(
      /<ram:ApplicableHeaderTradeDelivery><ram:ShipToTradeParty>.*<ram:CountryID>DE<\/ram:CountryID><\/ram:PostalTradeAddress><\/ram:ShipToTradeParty><\/ram:ApplicableHeaderTradeDelivery>/,
    );
  });

  it('the cancellation of a down payment is dated as the down payment (BR-FX-EN-04)', () => {
    const original = composeInvoice(sampleComposeInput('down_payment'));
    const xml = buildCii(composeCancellation(original, 'ST-2026-00002', '2026-11-30'));
    expect(xml).toContain(
      '<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">20261122</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>',
    );
  });

  it('an English invoice has English payment terms and register note', () => {
    const xml = buildCii(composeInvoice({ ...sampleComposeInput('standard'), locale: 'en' }));
    expect(xml).toContain(
      '<ram:Description>Payable without deduction by 6 December 2026</ram:Description>',
    );
    expect(xml).toContain('Managing directors: Anna Beispiel');
    expect(xml).not.toMatch(/Zahlbar|Geschäftsführung/);
    const german = xmlOf('standard');
    expect(german).toContain(
      '<ram:Description>Zahlbar ohne Abzug bis 06.12.2026</ram:Description>',
    );
    expect(german).toContain('Geschäftsführung: Anna Beispiel');
  });

  it('a final invoice names each deducted down payment as a preceding invoice (BG-3)', () => {
    const xml = xmlOf('final');
    expect(xml).toContain(
      '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>RE-2026-00001</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString format="102">20261001</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>',
    );
  });

  it('an English cancellation note gives the date in words, not ISO', () => {
    const original = composeInvoice({ ...sampleComposeInput('standard'), locale: 'en' });
    const cancellation = composeCancellation(original, 'ST-2026-00001', '2026-11-30');
    expect(cancellation.notes[0]).toBe(
      'Cancellation of invoice RE-2026-00001 of 22\u00a0November 2026.',
    );
  });

  it('goodwill is a document-level allowance (BG-20) lowering the tax basis (BR-CO-13)', () => {
    const xml = xmlOf('support');
    // 60,00 + 30,00 in lines, 45,00 goodwill: tax basis 45,00, VAT 8,55
    expect(xml).toContain(
      '<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>45.00</ram:ActualAmount><ram:Reason>Ticket T-00012 · Kulanz: Berechnet werden 50 % des Aufwands: Ursache erst am Ende erkennbar</ram:Reason><ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19.00</ram:RateApplicablePercent></ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge>',
    );
    expect(xml).toContain(
      '<ram:LineTotalAmount>90.00</ram:LineTotalAmount><ram:AllowanceTotalAmount>45.00</ram:AllowanceTotalAmount><ram:TaxBasisTotalAmount>45.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">8.55</ram:TaxTotalAmount>',
    );
    expect(xml).not.toContain('<ram:BilledQuantity unitCode="LS">-1</ram:BilledQuantity>');
  });
});
