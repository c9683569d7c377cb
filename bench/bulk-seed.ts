/**
 * Bulk rows for scale measurements on PostgreSQL: one INSERT … SELECT generate_series per
 * table, so 100,000 projects take seconds instead of 100,000 round trips through the API. The
 * rows match the schema the migrations built (every NOT NULL column, real stage, status and
 * kind values, foreign keys to rows seeded before them), spread over the customers and over
 * a year of timestamps. Numbers carry a `B` prefix so they never meet the app's own series.
 * Audit entries are appended after the chain's head (and the head moved to the last one), so
 * audited writes keep working; their hashes are placeholders, not a valid chain.
 */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export interface SeedSizes {
  customers: number;
  projects: number;
  /** Tickets in total; `openTickets` of them are open (the queue), the rest closed. */
  tickets: number;
  openTickets: number;
  invoices: number;
  payments: number;
  documents: number;
  auditEntries: number;
  /** Time entries, all on the first seeded project / ticket (a long list of one owner). */
  projectTime: number;
  supportTime: number;
  /** Mails in the outbox, mostly sent, some queued and failed (the admin's outbox list). */
  outboxMails?: number;
}

/** A prefix per call, so one database can be seeded twice (10k, then up to 100k). */
export async function bulkSeed(query: Query, sizes: SeedSizes, batch = 'B'): Promise<void> {
  const user = `(SELECT id FROM users ORDER BY created_at LIMIT 1)`;
  await seedCustomers(query, sizes.customers, batch);
  const customers = `(SELECT array_agg(id ORDER BY number) FROM customers WHERE number LIKE '${batch}-%')`;
  await query(
    `INSERT INTO customer_contracts (id, customer_id, kind, start_date)
     SELECT gen_random_uuid(), c.id, CASE WHEN g % 2 = 0 THEN 'service' ELSE 'update' END, DATE '2020-01-01'
     FROM (SELECT id, row_number() OVER (ORDER BY number) AS g FROM customers WHERE number LIKE '${batch}-%') c
     WHERE c.g % 3 = 0`,
  );
  await seedProjects(query, sizes.projects, batch, customers, user);
  await seedTickets(query, sizes, batch, customers);
  await seedInvoices(query, sizes, batch, customers, user);
  await seedDocuments(query, sizes.documents, batch, user);
  await seedTime(query, sizes, batch, user);
  await seedAudit(query, sizes.auditEntries);
  await seedOutbox(query, sizes.outboxMails ?? 0, batch);
  await query('ANALYZE');
}

async function seedCustomers(query: Query, count: number, batch: string): Promise<void> {
  await query(
    `INSERT INTO customers (id, number, name, street, postal_code, city, country_code, language, created_at)
     SELECT gen_random_uuid(), '${batch}-' || lpad(g::text, 7, '0'),
            (ARRAY['Müller','Schmidt','Becker','Hoffmann','Wagner','Keller','Vogel','Braun'])[1 + g % 8]
              || ' ' || (ARRAY['GmbH','AG','KG','e.K.','GbR'])[1 + g % 5] || ' ' || g,
            'Hauptstraße ' || (g % 200 + 1), lpad((10000 + g % 89999)::text, 5, '0'), 'Berlin', 'DE',
            CASE WHEN g % 7 = 0 THEN 'en' ELSE 'de' END,
            TIMESTAMPTZ '2025-01-01' + g * INTERVAL '1 minute'
     FROM generate_series(1, $1::int) AS g`,
    [count],
  );
}

async function seedProjects(
  query: Query,
  count: number,
  batch: string,
  customers: string,
  user: string,
): Promise<void> {
  await query(
    `INSERT INTO projects (id, number, customer_id, title, stage, billing_mode, background, goals,
                           vat_rate_bp, current_revision, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), '${batch}-P-' || lpad(g::text, 7, '0'), ids[1 + g % array_length(ids, 1)],
            (ARRAY['Mailserver-Migration','Firewall-Erneuerung','Backup-Konzept','Website-Relaunch','VPN-Einrichtung'])[1 + g % 5]
              || ' ' || g,
            (ARRAY['concept','solution','in_review','approved','scheduled','in_progress','qa','acceptance','accepted','invoiced','closed','cancelled'])[1 + g % 12],
            CASE WHEN g % 4 = 0 THEN 'time_and_materials' ELSE 'fixed_price' END,
            'Ausgangslage des Projekts ' || g, 'Ziele des Projekts ' || g, 1900, 1, ${user},
            TIMESTAMPTZ '2025-01-01' + g * (INTERVAL '365 days' / GREATEST($1::int, 1)),
            TIMESTAMPTZ '2025-01-01' + g * (INTERVAL '365 days' / GREATEST($1::int, 1))
     FROM generate_series(1, $1::int) AS g, ${customers} AS c(ids)`,
    [count],
  );
  await query(
    `INSERT INTO project_revisions (id, project_id, number, content, sent_at, sent_by)
     SELECT gen_random_uuid(), p.id, 1, '{"requirements":[],"items":[]}'::jsonb, p.created_at, ${user}
     FROM projects p WHERE p.number LIKE '${batch}-P-%'`,
  );
}

async function seedTickets(
  query: Query,
  sizes: SeedSizes,
  batch: string,
  customers: string,
): Promise<void> {
  if (sizes.tickets === 0) return;
  await query(
    `INSERT INTO support_tickets (id, number, customer_id, title, description, channel, severity,
                                  status, received_at)
     SELECT gen_random_uuid(), '${batch}-T-' || lpad(g::text, 7, '0'), ids[1 + g % array_length(ids, 1)],
            (ARRAY['Mail kommt nicht an','Drucker offline','VPN bricht ab','Passwort vergessen'])[1 + g % 4] || ' ' || g,
            'Beschreibung ' || g, (ARRAY['portal','email','phone'])[1 + g % 3],
            -- A spread of its own (5 % critical, 20 % high, 50 % normal, 25 % low), not a
            -- function of g's parity like the customer: otherwise the contract customers
            -- (every sixth) never get a critical ticket and the queue's order goes untested.
            CASE WHEN s.h < 5 THEN 'critical' WHEN s.h < 25 THEN 'high' WHEN s.h < 75 THEN 'normal'
                 ELSE 'low' END,
            CASE WHEN g <= $2::int THEN (ARRAY['new','analysing','waiting_for_customer','in_progress'])[1 + g % 4]
                 ELSE 'closed' END,
            TIMESTAMPTZ '2025-01-01' + g * (INTERVAL '365 days' / GREATEST($1::int, 1))
     FROM generate_series(1, $1::int) AS g, ${customers} AS c(ids),
          LATERAL (SELECT abs(hashtext('severity ' || g)) % 100 AS h) s`,
    [sizes.tickets, sizes.openTickets],
  );
}

async function seedInvoices(
  query: Query,
  sizes: SeedSizes,
  batch: string,
  customers: string,
  user: string,
): Promise<void> {
  await query(
    `INSERT INTO invoices (id, kind, status, series, number, customer_id, locale, subject,
                           payment_terms_days, net_cents, vat_cents, gross_cents, due_cents,
                           issue_date, due_date, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), 'standard', CASE WHEN g % 10 = 0 THEN 'draft' ELSE 'issued' END, 'invoice',
            CASE WHEN g % 10 = 0 THEN NULL ELSE '${batch}-R-' || lpad(g::text, 7, '0') END,
            ids[1 + g % array_length(ids, 1)], 'de', 'Leistungen ' || g, 14,
            10000 + g % 500000, (10000 + g % 500000) * 19 / 100, (10000 + g % 500000) * 119 / 100,
            (10000 + g % 500000) * 119 / 100,
            DATE '2025-01-01' + (g % 700), DATE '2025-01-15' + (g % 700), ${user},
            TIMESTAMPTZ '2025-01-01' + g * (INTERVAL '365 days' / GREATEST($1::int, 1)),
            TIMESTAMPTZ '2025-01-01' + g * (INTERVAL '365 days' / GREATEST($1::int, 1))
     FROM generate_series(1, $1::int) AS g, ${customers} AS c(ids)`,
    [sizes.invoices],
  );
  await query(
    `INSERT INTO invoice_payments (id, invoice_id, day, amount_cents, created_by, created_at)
     SELECT gen_random_uuid(), i.id, i.due_date, i.due_cents, ${user}, i.created_at + INTERVAL '10 days'
     FROM invoices i WHERE i.number LIKE '${batch}-R-%'
     ORDER BY i.number LIMIT $1::int`,
    [sizes.payments],
  );
}

async function seedDocuments(
  query: Query,
  count: number,
  batch: string,
  user: string,
): Promise<void> {
  await query(
    `INSERT INTO documents (id, kind, customer_id, owner_type, owner_id, title, version_label, locale,
                            template_name, template_version, snapshot, sha256, byte_size, storage,
                            storage_key, created_by, created_at)
     SELECT gen_random_uuid(), 'concept_paper', p.customer_id, 'project', p.id::text,
            'Konzeptpapier ' || p.number, 'v1', 'de', 'concept-paper', 'bench', '{}'::jsonb,
            md5(p.id::text) || md5(p.number), 40000, 'database', 'bench/' || p.id, ${user}, p.created_at
     FROM projects p WHERE p.number LIKE '${batch}-P-%' ORDER BY p.number LIMIT $1::int`,
    [count],
  );
}

async function seedTime(query: Query, sizes: SeedSizes, batch: string, user: string) {
  await query(
    `INSERT INTO price_list_services (id, code, name, unit, rate_cents)
     VALUES (gen_random_uuid(), '${batch}-SVC', 'Technik', 'hour', 12000)`,
  );
  const service = `(SELECT id FROM price_list_services WHERE code = '${batch}-SVC')`;
  await query(
    `INSERT INTO project_time_entries (id, project_id, user_id, day, minutes, description, service_rate_id, created_at)
     SELECT gen_random_uuid(), (SELECT id FROM projects WHERE number = '${batch}-P-0000001'), ${user},
            DATE '2025-01-01' + g % 700, 15 + g % 120, 'Arbeit ' || g, ${service},
            TIMESTAMPTZ '2025-01-01' + g * INTERVAL '1 minute'
     FROM generate_series(1, $1::int) AS g`,
    [sizes.projectTime],
  );
  await query(
    `INSERT INTO support_time_entries (id, ticket_id, customer_id, user_id, user_label, service_id,
                                       started_at, minutes, after_hours_minutes, description)
     SELECT gen_random_uuid(), t.id, t.customer_id, ${user}, 'bench', ${service},
            TIMESTAMPTZ '2025-01-01' + g * INTERVAL '1 hour', 15 + g % 60, 0, 'Analyse ' || g
     FROM generate_series(1, $1::int) AS g,
          (SELECT id, customer_id FROM support_tickets WHERE number = '${batch}-T-0000001') t`,
    [sizes.supportTime],
  );
}

async function seedAudit(query: Query, count: number): Promise<void> {
  await query(
    `INSERT INTO audit_entries (seq, occurred_at, actor_label, entity_type, entity_id, action, changes,
                                prev_hash, hash)
     SELECT h.last_seq + g, TIMESTAMPTZ '2025-01-01' + g * INTERVAL '1 minute', 'bench',
            (ARRAY['project','customer','invoice','ticket'])[1 + g % 4], md5(g::text), 'updated', '{}',
            repeat('0', 64), repeat('0', 64)
     FROM generate_series(1, $1::int) AS g, audit_head h WHERE h.id = 1`,
    [count],
  );
  await query(
    `UPDATE audit_head SET last_seq = last_seq + $1::int, last_hash = repeat('0', 64) WHERE id = 1`,
    [count],
  );
}

async function seedOutbox(query: Query, count: number, batch: string): Promise<void> {
  await query(
    `INSERT INTO mail_outbox (id, kind, to_address, language, subject, text_body, attachments,
                             related_type, related_id, status, attempts, next_attempt_at,
                             last_error, sent_at, created_at)
     SELECT gen_random_uuid(), 'signoff_request', 'kunde' || g || '@example.com', 'de',
            '${batch} Freigabe ' || g, 'Bitte freigeben', '[]', 'signoff_request', md5(g::text),
            s.status, CASE WHEN s.status = 'queued' THEN 0 ELSE 1 END,
            -- queued ones are not due yet: a running app's sender leaves them alone
            CASE WHEN s.status = 'queued' THEN TIMESTAMPTZ '2100-01-01'
                 ELSE TIMESTAMPTZ '2025-01-01' + g * INTERVAL '1 minute' END,
            CASE WHEN s.status = 'failed' THEN '550 mailbox unavailable' END,
            CASE WHEN s.status = 'sent' THEN TIMESTAMPTZ '2025-01-01' + g * INTERVAL '1 minute' END,
            TIMESTAMPTZ '2025-01-01' + g * INTERVAL '1 minute'
     FROM generate_series(1, $1::int) AS g,
          LATERAL (SELECT CASE WHEN g % 50 = 0 THEN 'failed' WHEN g % 20 = 0 THEN 'queued'
                               ELSE 'sent' END AS status) s`,
    [count],
  );
}
