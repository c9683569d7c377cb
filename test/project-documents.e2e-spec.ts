import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createUser, offsetDays } from './support/factories.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { projectClient, projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const binary = binaryBody;

interface Listed {
  id: string;
  kind: string;
  versionLabel: string;
  title: string;
  sha256: string;
}

describe('stage documents of a project', () => {
  let t: TestApp;
  let w: ProjectWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await projectWorld(t);
  });
  afterAll(() => t.close());

  const documents = async (projectId: string, token: string) =>
    (
      (
        await t.http
          .get(`/projects/${projectId}/documents?pageSize=100`)
          .set(bearer(token))
          .expect(200)
      ).body as { items: Listed[] }
    ).items;
  const textOf = async (documentId: string, token: string) => {
    const response = await t.http
      .get(`/documents/${documentId}/pdf`)
      .set(bearer(token))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.body as Buffer);
    // Table cells wrap long texts; compare with whitespace collapsed.
    return { ...text, text: text.text.replace(/\s+/g, ' ') };
  };

  it('issues each stage document when its stage is reached, in the customer’s language', async () => {
    const staff = w.consultant.token;
    const customer = w.customerUser.token;
    const created = await t.http
      .post('/projects')
      .set(bearer(staff))
      .send({ customerId: w.customerId, title: 'Umzug der Büro-IT' })
      .expect(201);
    const id = created.body.id as string;
    const p = projectClient(t, id);
    await p.read(staff);
    await p.patch(staff, '', {
      background: 'Das Büro zieht nach Köln-Müngersdorf.',
      goals: 'Arbeitsplätze am Montag einsatzbereit\nKeine Datenverluste',
    });
    await p.post(
      staff,
      '/requirements',
      {
        version: p.version,
        text: 'Netzwerk im neuen Büro einrichten',
        priority: 'must',
        acceptanceCriterion: 'Alle 12 Arbeitsplätze erreichen das Internet',
        solution: 'Verkabelung prüfen, Switches und WLAN-Zugangspunkte montieren',
      },
      201,
    );
    await p.post(staff, '/start-solution');
    await p.post(
      staff,
      '/items',
      {
        version: p.version,
        title: 'Einrichtung',
        quantity: '12.5',
        unit: 'hour',
        serviceRateId: w.serviceRateId,
      },
      201,
    );
    await p.patch(staff, '', {
      validUntil: offsetDays(14),
      terms: 'Preise zzgl. gesetzlicher USt.',
    });

    // A watermarked draft, on demand and not stored
    const draft = await t.http
      .get(`/projects/${id}/documents/draft?kind=solution-document`)
      .set(bearer(staff))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect((await pdfText(draft.body as Buffer)).text).toContain('ENTWURF');
    await t.http
      .get(`/projects/${id}/documents/draft?kind=solution-document`)
      .set(bearer(customer))
      .expect(403);
    expect(await documents(id, staff)).toEqual([]);

    await p.post(staff, '/send');
    let listed = await documents(id, customer);
    expect(listed.map((d) => [d.kind, d.versionLabel]).sort()).toEqual([
      ['concept-paper', 'Revision 1'],
      ['solution-document', 'Revision 1'],
    ]);
    const solution = listed.find((d) => d.kind === 'solution-document')!;
    const solutionText = await textOf(solution.id, customer);
    // 12,5 h × 120,00 € = 1.500,00 €; 19 % USt. 285,00 €; 1.785,00 € gross
    for (const expected of [
      'Lösungsdokument',
      'Möbelhaus Schäfer KG',
      'Umzug der Büro-IT',
      '1.500,00',
      '285,00',
      '1.785,00',
      'Seite 1 von',
      'Jörg Weiß',
    ]) {
      expect(solutionText.text).toContain(expected);
    }
    expect(solutionText.text).not.toContain('ENTWURF');
    const concept = await textOf(listed.find((d) => d.kind === 'concept-paper')!.id, customer);
    expect(concept.text).toContain('Alle 12 Arbeitsplätze erreichen das Internet');
    expect(concept.text).toContain('Köln-Müngersdorf');

    await p.post(customer, '/approve');
    await p.post(staff, '/schedule', { completionDate: offsetDays(30) });
    listed = await documents(id, customer);
    const confirmation = listed.find((d) => d.kind === 'order-confirmation')!;
    const confirmationText = (await textOf(confirmation.id, customer)).text;
    expect(confirmationText).toContain('Auftragsbestätigung');
    // The 64 hex digits may wrap across lines.
    expect(confirmationText.replace(/\s/g, '')).toContain(solution.sha256);
    expect(confirmationText).toContain('Jörg Schäfer');
    // The signatory is named in the greeting; without a salutation, by the full name.
    expect(confirmationText).toContain('Guten Tag Jörg Weiß,');
    expect(confirmationText).not.toContain('Damen und Herren');
    // The closing never stands alone on a page: the last paragraph goes with it.
    const { pages } = await textOf(confirmation.id, customer);
    const closingPage = pages.find((page) => page.includes('Mit freundlichen Grüßen'))!;
    expect(closingPage.replace(/\s+/g, ' ')).toContain('Kosten über den vereinbarten Umfang');

    await p.post(staff, '/start-work');
    const cr = await t.http
      .post(`/projects/${id}/change-requests`)
      .set(bearer(staff))
      .send({
        title: 'Zusätzlicher Drucker',
        description: 'Ein Netzwerkdrucker im Empfang',
        newCompletionDate: offsetDays(37),
        lines: [
          { title: 'Druckereinrichtung', quantity: '1', unit: 'flat', unitPriceCents: 15_000 },
        ],
      })
      .expect(201);
    await t.http
      .post(`/projects/${id}/change-requests/${cr.body.id}/send`)
      .set(bearer(staff))
      .expect(200);
    const nachtrag = (await documents(id, customer)).find((d) => d.kind === 'change-request')!;
    expect(nachtrag.versionLabel).toBe('N-1');
    const nachtragText = (await textOf(nachtrag.id, customer)).text;
    expect(nachtragText).toContain('Zusätzlicher Drucker');
    expect(nachtragText).toContain('150,00'); // the cost delta
    expect(nachtragText).toContain('1.650,00'); // the new agreed net total
    // Dates in running text are German, never ISO.
    const german = (day: string) => day.split('-').reverse().join('.');
    expect(nachtragText).toContain(
      `verschiebt sich vom ${german(offsetDays(30))} auf den ${german(offsetDays(37))}.`,
    );
    expect(nachtragText).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await t.http
      .post(`/projects/${id}/change-requests/${cr.body.id}/approve`)
      .set(bearer(customer))
      .send({})
      .expect(200);

    await p.read(staff);
    await p.post(staff, '/submit-qa');
    const rounds = (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(staff)).expect(200))
      .body;
    await t.http
      .put(`/projects/${id}/qa-checks/${rounds[0].checks[0].id}`)
      .set(bearer(staff))
      .send({ result: 'passed' })
      .expect(200);
    await p.read(staff);
    await p.post(staff, '/complete-qa');
    listed = await documents(id, staff);
    const qa = listed.find((d) => d.kind === 'qa-protocol')!;
    const qaText = (await textOf(qa.id, staff)).text;
    expect(qaText).toContain('Klara Beraterin');
    expect(qaText).toContain('Netzwerk im neuen Büro einrichten');
    expect(listed.filter((d) => d.kind === 'acceptance-protocol')).toHaveLength(1);

    await p.post(customer, '/accept', { comment: 'Alles läuft, danke!' });
    const protocols = (await documents(id, customer)).filter(
      (d) => d.kind === 'acceptance-protocol',
    );
    expect(protocols.map((d) => d.versionLabel).sort()).toEqual([
      'Runde 1',
      'Runde 1, entschieden',
    ]);
    const decided = (
      await textOf(protocols.find((d) => d.versionLabel.endsWith('entschieden'))!.id, customer)
    ).text;
    expect(decided).toContain('Jörg Schäfer');
    expect(decided).toContain('Alles läuft, danke!');
    // What was delivered includes the approved Nachtrag.
    expect(decided).toContain('Nachtrag N-1: Zusätzlicher Drucker');

    // A page at a time, newest first: following nextCursor yields the whole list, once each.
    const all = await documents(id, staff);
    expect(all.length).toBeGreaterThan(3);
    const paged: Listed[] = [];
    let after: string | null = null;
    do {
      const query: string = after ? `pageSize=2&after=${after}` : 'pageSize=2';
      const page = (await t.http.get(`/projects/${id}/documents?${query}`).set(bearer(staff)))
        .body as { items: Listed[]; nextCursor: string | null; total: number };
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(all.length);
      paged.push(...page.items);
      after = page.nextCursor;
    } while (after);
    expect(paged.map((d) => d.id)).toEqual(all.map((d) => d.id));
    await t.http
      .get(`/projects/${id}/documents?after=bm90LWEtY3Vyc29y`)
      .set(bearer(staff))
      .expect(400);

    // Another customer sees none of it.
    const other = await createCustomer(t);
    const stranger = await createUser(t, 'customer', { customerId: other.id });
    await t.http.get(`/projects/${id}/documents`).set(bearer(stranger.token)).expect(404);
    await t.http.get(`/documents/${solution.id}/pdf`).set(bearer(stranger.token)).expect(404);
  });

  it('writes documents in English for an English-speaking customer', async () => {
    const customer = await createCustomer(t, {
      name: 'Liffey Analytics Ltd',
      street: '1 Grand Canal Quay',
      postalCode: 'D02',
      city: 'Dublin',
      countryCode: 'IE',
      language: 'en',
    });
    const created = await t.http
      .post('/projects')
      .set(bearer(w.consultant.token))
      .send({ customerId: customer.id, title: 'Mail migration' })
      .expect(201);
    const p = projectClient(t, created.body.id);
    const staff = w.consultant.token;
    await p.read(staff);
    await p.patch(staff, '', {
      background: 'The old server is out of support.',
      goals: 'Move to Microsoft 365',
      validUntil: offsetDays(10),
    });
    await p.post(
      staff,
      '/requirements',
      {
        version: p.version,
        text: 'All mailboxes move',
        priority: 'must',
        acceptanceCriterion: 'Sample of 10 mailboxes',
        solution: 'Migration wizard',
      },
      201,
    );
    await p.post(staff, '/start-solution');
    await p.post(
      staff,
      '/items',
      {
        version: p.version,
        title: 'Migration',
        quantity: '2',
        unit: 'hour',
        unitPriceCents: 123_456,
      },
      201,
    );
    await p.post(staff, '/send');
    const listed = await documents(created.body.id, staff);
    const text = (await textOf(listed.find((d) => d.kind === 'solution-document')!.id, staff)).text;
    expect(text).toContain('Page 1 of');
    expect(text).toContain('€2,469.12'); // 2 × €1,234.56
    expect(text).toContain('Ireland');
  });
});
