import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  BinaryColumn,
  columnType,
  JsonColumn,
  TimestampColumn,
  UuidColumn,
} from '../common/columns.js';
import type { DocumentStorage } from '../config/app-config.js';
import type { DocumentKind, DocumentLocale } from './document-views.js';
import type { DocumentSnapshot } from './document-engine.js';

/** An issued (or draft) PDF: never updated, never deleted. */
@Entity('documents')
export class DocumentRecord {
  @PrimaryColumn({ type: columnType.uuid() })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: DocumentKind;

  /** The customer the owner belongs to; customer users see only their own documents. */
  @UuidColumn()
  customerId!: string;

  /** What the document belongs to, e.g. ('project', id) or ('change_request', id). */
  @Column({ type: 'varchar', length: 40 })
  ownerType!: string;

  @Column({ type: 'varchar', length: 64 })
  ownerId!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** As printed, e.g. "Revision 2", "N-1", "Runde 1". */
  @Column({ type: 'varchar', length: 60 })
  versionLabel!: string;

  @Column({ type: 'varchar', length: 2 })
  locale!: DocumentLocale;

  @Column({ type: 'varchar', length: 100 })
  templateName!: string;

  @Column({ type: 'varchar', length: 64 })
  templateVersion!: string;

  /** The render job the bytes came from, with the template version. */
  @JsonColumn()
  snapshot!: DocumentSnapshot;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  byteSize!: number;

  @Column({ type: 'varchar', length: 20 })
  storage!: DocumentStorage;

  @Column({ type: 'varchar', length: 200 })
  storageKey!: string;

  @Column({ type: 'boolean', default: false })
  draft!: boolean;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @UuidColumn({ nullable: true })
  createdBy!: string | null;
}

/** The bytes of a document when DOCUMENT_STORAGE=database. */
@Entity('document_contents')
export class DocumentContent {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  storageKey!: string;

  @BinaryColumn()
  bytes!: Buffer;
}
