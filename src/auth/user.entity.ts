import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { Role } from '../common/access.js';
import {
  CreatedAtColumn,
  TimestampColumn,
  UpdatedAtColumn,
  UuidColumn,
  columnType,
} from '../common/columns.js';

@Entity('users')
export class User {
  @PrimaryColumn({ type: columnType.uuid() })
  id!: string;

  /** Stored lower-case: e-mail addresses are compared case-insensitively. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  @UuidColumn({ name: 'customer_id', nullable: true })
  customerId!: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 300 })
  passwordHash!: string;

  /** The web app's language; null: German for staff, the customer's language for customers. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  locale!: 'de' | 'en' | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @TimestampColumn({ name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
