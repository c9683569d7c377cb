import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { columnType, CreatedAtColumn, MoneyColumn, UpdatedAtColumn } from '../common/columns.js';
import type { LegalForm } from './legal-form.js';
import type { ServiceUnit } from './units.js';

/** The company issuing documents and invoices: one row, id 1, created by the first migration. */
@Entity('company_profile')
export class CompanyProfile {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 200 }) legalName!: string;
  @Column({ type: 'varchar', length: 200 }) street!: string;
  @Column({ type: 'varchar', length: 20 }) postalCode!: string;
  @Column({ type: 'varchar', length: 100 }) city!: string;
  @Column({ type: 'varchar', length: 2 }) countryCode!: string;
  /** USt-IdNr. */
  @Column({ type: 'varchar', length: 20, nullable: true }) vatId!: string | null;
  /** Steuernummer. */
  @Column({ type: 'varchar', length: 30, nullable: true }) taxNumber!: string | null;
  /** E.g. "Amtsgericht München, HRB 123456" (§35a GmbHG on business letters). */
  /** Null: read from the legal name (see legal-form.ts). */
  @Column({ type: 'varchar', length: 20, nullable: true }) legalForm!: LegalForm | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) commercialRegister!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) managingDirectors!: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) website!: string | null;
  @Column({ type: 'varchar', length: 34, nullable: true }) iban!: string | null;
  @Column({ type: 'varchar', length: 11, nullable: true }) bic!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) bankName!: string | null;
  @Column({ name: 'default_vat_rate_bp', type: 'integer' }) defaultVatRateBp!: number;
  @Column({ type: 'integer' }) paymentTermsDays!: number;
  @Column({ type: 'varchar', length: 3 }) currency!: 'EUR';
  @Column({ type: 'varchar', length: 2 }) defaultLocale!: 'de' | 'en';
  /** Kleinunternehmer (§19 UStG): invoices carry no VAT and the exemption note. */
  @Column({ type: 'boolean', default: false }) smallBusiness!: boolean;
  /** Time is billed per started increment (service terms: quarter hours). */
  @Column({ type: 'integer' }) billingIncrementMinutes!: number;
  /** Length of one work unit (Arbeitseinheit, AE). */
  @Column({ type: 'integer' }) workUnitMinutes!: number;
  /** Earliest completion date for a new project: today plus this many days. */
  @Column({ type: 'integer', default: 0 }) projectLeadTimeDays!: number;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

/** One line of the price list (Verrechnungssätze): a service or role and its rate. */
@Entity('price_list_services')
export class ServiceRate {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 40, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  /** What the rate is per: an hour, or one work unit (AE). */
  @Column({ type: 'varchar', length: 20 }) unit!: ServiceUnit;
  @MoneyColumn() rateCents!: number;
  /** Surcharge for work outside business hours, in whole percent. */
  @Column({ type: 'integer', default: 0 }) afterHoursSurchargePercent!: number;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}
