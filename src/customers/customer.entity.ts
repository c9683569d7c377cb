import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  DayColumn,
  JsonColumn,
  UpdatedAtColumn,
  UuidColumn,
} from '../common/columns.js';
import type { ContractKind, CoveredHoursSlot } from './contract-rules.js';

export type Language = 'de' | 'en';

/** How a contact is greeted in letters: "Frau"/"Ms", "Herr"/"Mr"; none: by full name. */
export const CONTACT_SALUTATIONS = ['ms', 'mr'] as const;
export type ContactSalutation = (typeof CONTACT_SALUTATIONS)[number];

@Entity('customers')
export class Customer {
  @PrimaryColumn({ type: columnType.uuid() })
  id!: string;

  @Column({ type: 'varchar', length: 20, unique: true })
  number!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 200 })
  street!: string;

  @Column({ type: 'varchar', length: 20 })
  postalCode!: string;

  @Column({ type: 'varchar', length: 100 })
  city!: string;

  @Column({ type: 'varchar', length: 2 })
  countryCode!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  vatId!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** Where invoices are e-mailed; null: to the signatory contact. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  invoiceEmail!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  /** Buyer reference (BT-10); for German public-sector customers their Leitweg-ID. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  buyerReference!: string | null;

  /** Internal: never shown to customer users. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}

@Entity('customer_contacts')
export class Contact {
  @PrimaryColumn({ type: columnType.uuid() })
  id!: string;

  @UuidColumn()
  customerId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  position!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  salutation!: ContactSalutation | null;

  /** May sign off documents (solution documents, change requests, acceptance). */
  @Column({ type: 'boolean', default: false })
  isSignatory!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}

@Entity('customer_contracts')
export class Contract {
  @PrimaryColumn({ type: columnType.uuid() })
  id!: string;

  @UuidColumn()
  customerId!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: ContractKind;

  @Column({ type: 'varchar', length: 100, nullable: true })
  reference!: string | null;

  @DayColumn()
  startDate!: string;

  @DayColumn({ nullable: true })
  endDate!: string | null;

  @DayColumn({ nullable: true })
  signedOn!: string | null;

  /** For a service contract: response times, covered systems, business hours. */
  @Column({ type: 'text', nullable: true })
  terms!: string | null;

  /** For a service contract: the hours it covers; null: the company's business hours. */
  @JsonColumn({ nullable: true })
  coveredHours!: CoveredHoursSlot[] | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
