import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer, TimestampColumn, UuidColumn } from '../common/columns.js';

@Entity('audit_entries')
export class AuditEntry {
  @PrimaryColumn({ type: 'bigint', transformer: bigintTransformer })
  seq!: number;

  @TimestampColumn({ name: 'occurred_at' })
  occurredAt!: Date;

  @UuidColumn({ name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_label', type: 'varchar', length: 254 })
  actorLabel!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 60 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ type: 'text' })
  changes!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}

@Entity('audit_head')
export class AuditHead {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'last_seq', type: 'bigint', transformer: bigintTransformer })
  lastSeq!: number;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash!: string;
}
