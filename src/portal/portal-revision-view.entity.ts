import { Column, Entity } from 'typeorm';
import { TimestampColumn, UuidColumn } from '../common/columns.js';

/** A customer user saw revision N of a project in the portal (first time: `seenAt`). */
@Entity('portal_revision_views')
export class PortalRevisionView {
  @UuidColumn({ name: 'user_id', primary: true })
  userId!: string;

  @UuidColumn({ name: 'project_id', primary: true })
  projectId!: string;

  @Column({ type: 'integer', primary: true })
  revision!: number;

  @TimestampColumn({ name: 'seen_at' })
  seenAt!: Date;
}
