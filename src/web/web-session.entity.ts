import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonColumn, TimestampColumn, UuidColumn } from '../common/columns.js';
import type { Flash } from './page-context.js';

/**
 * A browser's login. The id is the SHA-256 of the cookie's token, so a copy of this table
 * opens no session. Several app instances share the rows.
 */
@Entity('web_sessions')
export class WebSession {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @UuidColumn({ name: 'user_id' })
  userId!: string;

  /** The synchronizer token every form and htmx request of this session sends back. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'last_seen_at' })
  lastSeenAt!: Date;

  /** The absolute end, however active the session is. */
  @TimestampColumn({ name: 'expires_at' })
  expiresAt!: Date;

  /** Shown once on the next page: a notice, or the errors and values of a refused form. */
  @JsonColumn({ nullable: true })
  flash!: Flash | null;
}
