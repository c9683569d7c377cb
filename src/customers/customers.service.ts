import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import {
  Brackets,
  DataSource,
  In,
  type EntityManager,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import { canSeeCustomer, type Actor } from '../common/access.js';
import { CHOICES_LIMIT, isChosenId, toChoices, type Choices } from '../common/choices.js';
import { Clock } from '../common/clock.js';
import { containsPattern, containsTextSql } from '../common/columns.js';
import { notFound } from '../common/domain-error.js';
import { keysetPage, type KeysetOrder, type KeysetPage } from '../common/pagination.js';
import { Sequences } from '../database/sequences.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import {
  coveredHoursOn,
  hasActiveDataProcessingAgreement,
  hasActiveServiceContract,
  type ContractDates,
  type CoveredHoursSlot,
} from './contract-rules.js';
import { Contact, Contract, Customer } from './customer.entity.js';
import type {
  ContactResponse,
  CreateContactDto,
  CreateCustomerDto,
  CustomerDetailResponse,
  CustomerQuery,
  CustomerResponse,
  UpdateContactDto,
  UpdateCustomerDto,
} from './customer.dto.js';
import { toContactResponse, toContractResponse, toCustomerResponse } from './customer-mappers.js';

const CUSTOMER_FIELDS = [
  'name',
  'street',
  'postalCode',
  'city',
  'countryCode',
  'vatId',
  'email',
  'invoiceEmail',
  'phone',
  'language',
  'buyerReference',
  'notes',
  'active',
] as const;
const CONTACT_FIELDS = [
  'name',
  'email',
  'phone',
  'position',
  'salutation',
  'isSignatory',
  'active',
] as const;

/** What other modules need to know about a customer's contracts on a given day. */
/** A customer as a letter's address window prints it. */
export type CustomerAddress = Pick<
  Customer,
  'number' | 'name' | 'street' | 'postalCode' | 'city' | 'countryCode' | 'vatId'
>;

/** A contact as other modules read it (who a ticket is from, who a letter is addressed to). */
export type ContactRead = Pick<Contact, 'id' | 'name' | 'email' | 'position' | 'salutation'>;

/** Where a customer's invoices are e-mailed, and the person greeted if it is a contact. */
export interface InvoiceMailbox {
  address: string;
  name: string | null;
  contact: Pick<Contact, 'name' | 'salutation'> | null;
}

export interface CustomerCoverage {
  customerId: string;
  day: string;
  serviceContract: boolean;
  /** The hours the service contract covers; null: the company's business hours (or no contract). */
  serviceContractHours: CoveredHoursSlot[] | null;
  dataProcessingAgreement: boolean;
}

/** The customer as the buyer on an invoice (BG-7); invoices freeze it in their snapshot. */
export interface CustomerParty {
  number: string;
  name: string;
  /** The first contact: whom the invoice is addressed to. */
  attention: string | null;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  vatId: string | null;
  /** Customers' tax numbers are not kept; a business buyer is identified by its VAT ID. */
  taxNumber: null;
}

/** What invoicing needs of a customer: the party, its language and its reference (BT-10). */
export interface InvoiceRecipient {
  customerId: string;
  language: Customer['language'];
  buyerReference: string | null;
  party: CustomerParty;
}

export interface CustomerChoice {
  id: string;
  name: string;
  number: string;
}

/** A customer picker's choices (see `common/choices.ts`). */
export type CustomerChoices = Choices<CustomerChoice>;

/** By name; the id breaks ties between customers of the same name. */
const CUSTOMER_LIST_ORDER: KeysetOrder = {
  list: 'customers',
  keys: [
    { path: 'c.name', kind: 'text' },
    { path: 'c.id', kind: 'uuid' },
  ],
  direction: 'ASC',
};

@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly sequences: Sequences,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: CustomerQuery): Promise<KeysetPage<CustomerResponse>> {
    const qb = this.dataSource.getRepository(Customer).createQueryBuilder('c');
    if (actor.role === 'customer') qb.andWhere('c.id = :own', { own: actor.customerId! });
    if (query.q) {
      const matches = new Brackets((w) =>
        w.where(containsTextSql('c.name', 'q')).orWhere(containsTextSql('c.number', 'q')),
      );
      qb.andWhere(matches, { q: containsPattern(query.q) });
    }
    return keysetPage(qb, CUSTOMER_LIST_ORDER, query, (rows) =>
      rows.map((c) => toCustomerResponse(c, actor)),
    );
  }

  /**
   * A form's customer picker: the first `limit` customers matching `q` (name or number) by
   * name, and the chosen one among them even when it is not (the form keeps its choice).
   * `more`: further customers match — the picker asks to narrow the search.
   */
  async choices(
    actor: Actor,
    q: string | undefined,
    chosenId: string | undefined,
    limit = CHOICES_LIMIT,
  ): Promise<CustomerChoices> {
    const query = { pageSize: limit, q: q?.trim() || undefined } as CustomerQuery;
    const page = await this.list(actor, query);
    const pick = ({ id, name, number }: CustomerChoice) => ({ id, name, number });
    const matches = page.items.map(pick);
    const chosen =
      isChosenId(chosenId) &&
      canSeeCustomer(actor, chosenId) &&
      !matches.some((c) => c.id === chosenId)
        ? await this.dataSource.getRepository(Customer).findOneBy({ id: chosenId })
        : null;
    return toChoices(query.q, matches, page.nextCursor !== null, chosenId, chosen && pick(chosen));
  }

  /**
   * A list filter's customer picker: as `choices`, but selected is only the customer the filter
   * names, never a search's only match ("any" chosen after a search stays "any").
   */
  async filterChoices(
    actor: Actor,
    q: string | undefined,
    customerId: string | undefined,
  ): Promise<CustomerChoices> {
    const choices = await this.choices(actor, q, customerId);
    return { ...choices, chosenId: customerId ?? null };
  }

  /** The names of these customers (those the actor may see), by id: one read for a list. */
  async names(actor: Actor, ids: string[]): Promise<Map<string, string>> {
    const visible = [...new Set(ids)].filter((id) => canSeeCustomer(actor, id));
    if (visible.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Customer)
      .find({ select: { id: true, name: true }, where: { id: In(visible) } });
    return new Map(rows.map((c) => [c.id, c.name]));
  }

  /** The customer alone, without contacts and contracts (a page heading needs no more). */
  /**
   * The name of the customer whose id `idColumn` holds, as a subquery of another module's
   * query: a page heading read in the same statement as the rest (the table stays this
   * module's). Visibility is the caller's: it names a customer of a row the actor may see.
   */
  nameSubquery(query: SelectQueryBuilder<ObjectLiteral>, idColumn: string): string {
    return query
      .subQuery()
      .select('customer.name')
      .from(Customer, 'customer')
      .where(`customer.id = ${idColumn}`)
      .getQuery();
  }

  async summary(actor: Actor, id: string): Promise<CustomerResponse> {
    return toCustomerResponse(await this.findVisible(actor, id), actor);
  }

  async get(actor: Actor, id: string): Promise<CustomerDetailResponse> {
    const customer = await this.findVisible(actor, id);
    const [contacts, contracts] = await Promise.all([
      this.dataSource
        .getRepository(Contact)
        .find({ where: { customerId: id }, order: { name: 'ASC' } }),
      this.dataSource
        .getRepository(Contract)
        .find({ where: { customerId: id }, order: { startDate: 'ASC' } }),
    ]);
    const today = this.clock.today();
    return {
      ...toCustomerResponse(customer, actor),
      asOf: today,
      hasActiveServiceContract: hasActiveServiceContract(contracts, today),
      hasActiveDataProcessingAgreement: hasActiveDataProcessingAgreement(contracts, today),
      contacts: contacts.map(toContactResponse),
      contracts: contracts.map((c) => toContractResponse(c, today)),
    };
  }

  async create(actor: Actor, dto: CreateCustomerDto): Promise<CustomerDetailResponse> {
    const id = await this.transactions.run(async (tx) => {
      const number = `K-${String(await this.sequences.next(tx, 'customer')).padStart(5, '0')}`;
      const { contacts = [], ...fields } = dto;
      const customer = tx.manager.create(Customer, {
        ...fields,
        id: randomUUID(),
        number,
        vatId: dto.vatId ?? null,
        email: dto.email ?? null,
        invoiceEmail: dto.invoiceEmail ?? null,
        phone: dto.phone ?? null,
        buyerReference: dto.buyerReference ?? null,
        notes: dto.notes ?? null,
        active: true,
      });
      await tx.manager.insert(Customer, customer);
      await this.audit.record(tx, actor, {
        entityType: 'customer',
        entityId: customer.id,
        action: 'created',
        changes: { ...fields, number },
      });
      for (const contact of contacts) await this.insertContact(tx, actor, customer.id, contact);
      return customer.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateCustomerDto): Promise<CustomerDetailResponse> {
    await this.transactions.run(async (tx) => {
      const before = await this.findVisible(actor, id, tx);
      const { version, ...changes } = dto;
      const after = { ...before, ...changes };
      await updateVersioned(tx, Customer, id, version, changes, 'CUSTOMER');
      await this.audit.record(tx, actor, {
        entityType: 'customer',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, after, CUSTOMER_FIELDS),
      });
    });
    return this.get(actor, id);
  }

  async listContacts(actor: Actor, customerId: string): Promise<ContactResponse[]> {
    await this.findVisible(actor, customerId);
    const contacts = await this.dataSource
      .getRepository(Contact)
      .find({ where: { customerId }, order: { name: 'ASC' } });
    return contacts.map(toContactResponse);
  }

  async addContact(
    actor: Actor,
    customerId: string,
    dto: CreateContactDto,
  ): Promise<ContactResponse> {
    const contact = await this.transactions.run(async (tx) => {
      await this.findVisible(actor, customerId, tx);
      return this.insertContact(tx, actor, customerId, dto);
    });
    return toContactResponse(contact);
  }

  async updateContact(
    actor: Actor,
    customerId: string,
    contactId: string,
    dto: UpdateContactDto,
  ): Promise<ContactResponse> {
    await this.transactions.run(async (tx) => {
      await this.findVisible(actor, customerId, tx);
      const before = await tx.manager.findOneBy(Contact, { id: contactId, customerId });
      if (!before) throw notFound('CONTACT.NOT_FOUND', contactId);
      const { version, ...changes } = dto;
      await updateVersioned(tx, Contact, contactId, version, changes, 'CONTACT');
      await this.audit.record(tx, actor, {
        entityType: 'contact',
        entityId: contactId,
        action: 'updated',
        changes: diffFields(before, { ...before, ...changes }, CONTACT_FIELDS),
      });
    });
    const contact = await this.dataSource.getRepository(Contact).findOneByOrFail({ id: contactId });
    return toContactResponse(contact);
  }

  /** For other modules: the contacts of a customer (pass the transaction's manager inside one). */
  contactsOf(
    customerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Contact[]> {
    return manager.find(Contact, { where: { customerId }, order: { name: 'ASC' } });
  }

  /** For other modules: the customer's contract coverage on `day` (default today). */
  async coverage(customerId: string, day = this.clock.today()): Promise<CustomerCoverage> {
    const contracts = await this.dataSource.getRepository(Contract).findBy({ customerId });
    return {
      customerId,
      day,
      serviceContract: hasActiveServiceContract(contracts, day),
      serviceContractHours: coveredHoursOn(contracts, day) ?? null,
      dataProcessingAgreement: hasActiveDataProcessingAgreement(contracts, day),
    };
  }

  /** For other modules: the contract dates of several customers at once (e.g. the support queue). */
  /**
   * `hasActiveServiceContract` as SQL: the ids of the customers with a service contract in
   * force on `:dayParam`, for a query that ranks by it (the support queue). The contracts'
   * table stays this module's business.
   */
  serviceContractCustomersSql(dayParam: string): string {
    return (
      "SELECT sc.customer_id FROM customer_contracts sc WHERE sc.kind = 'service' " +
      `AND sc.start_date <= :${dayParam} AND (sc.end_date IS NULL OR sc.end_date >= :${dayParam})`
    );
  }

  async contractsOf(customerIds: readonly string[]): Promise<Map<string, ContractDates[]>> {
    const byCustomer = new Map<string, ContractDates[]>(customerIds.map((id) => [id, []]));
    if (customerIds.length === 0) return byCustomer;
    const contracts = await this.dataSource
      .getRepository(Contract)
      .findBy({ customerId: In([...new Set(customerIds)]) });
    for (const c of contracts) {
      byCustomer.get(c.customerId)?.push({
        kind: c.kind,
        startDate: c.startDate,
        endDate: c.endDate,
        signedOn: c.signedOn,
      });
    }
    return byCustomer;
  }

  /** The customer if the actor may see it; otherwise 404, exactly as if it did not exist. */
  async findVisible(
    actor: Pick<Actor, 'role' | 'customerId'>,
    id: string,
    tx?: Tx,
  ): Promise<Customer> {
    const manager = tx?.manager ?? this.dataSource.manager;
    const customer = canSeeCustomer(actor, id) ? await manager.findOneBy(Customer, { id }) : null;
    if (!customer) throw notFound('CUSTOMER.NOT_FOUND', id);
    return customer;
  }

  /**
   * Where an invoice of the customer is e-mailed: the customer's invoice address, else the
   * first active signatory contact; null when neither exists.
   */
  async invoiceMailbox(actor: Actor, id: string, tx?: Tx): Promise<InvoiceMailbox | null> {
    const customer = await this.findVisible(actor, id, tx);
    if (customer.invoiceEmail) {
      return { address: customer.invoiceEmail, name: customer.name, contact: null };
    }
    const contacts = await this.contactsOf(customer.id, tx?.manager);
    const signatory = contacts.find((c) => c.isSignatory && c.active);
    if (!signatory) return null;
    return {
      address: signatory.email,
      name: signatory.name,
      contact: { name: signatory.name, salutation: signatory.salutation },
    };
  }

  /** The customer as invoices address it, if the actor may see it (else 404). */
  async invoiceRecipient(actor: Actor, id: string, tx?: Tx): Promise<InvoiceRecipient> {
    const customer = await this.findVisible(actor, id, tx);
    const contact = await (tx?.manager ?? this.dataSource.manager).findOne(Contact, {
      where: { customerId: customer.id },
      order: { createdAt: 'ASC' },
    });
    return {
      customerId: customer.id,
      language: customer.language,
      buyerReference: customer.buyerReference,
      party: {
        number: customer.number,
        name: customer.name,
        attention: contact?.name ?? null,
        street: customer.street,
        postalCode: customer.postalCode,
        city: customer.city,
        countryCode: customer.countryCode,
        vatId: customer.vatId,
        taxNumber: null,
      },
    };
  }

  private async insertContact(
    tx: Tx,
    actor: Actor,
    customerId: string,
    dto: CreateContactDto,
  ): Promise<Contact> {
    const contact = tx.manager.create(Contact, {
      id: randomUUID(),
      customerId,
      name: dto.name,
      email: dto.email.toLowerCase(),
      phone: dto.phone ?? null,
      position: dto.position ?? null,
      salutation: dto.salutation ?? null,
      isSignatory: dto.isSignatory ?? false,
      active: true,
    });
    await tx.manager.insert(Contact, contact);
    await this.audit.record(tx, actor, {
      entityType: 'contact',
      entityId: contact.id,
      action: 'created',
      changes: {
        customerId,
        name: contact.name,
        email: contact.email,
        isSignatory: contact.isSignatory,
      },
    });
    return contact;
  }
}
