import {
  Inject,
  Injectable,
  Logger,
  StreamableFile,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import {
  DataSource,
  type EntityManager,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Tx } from '../database/transactions.js';
import { DocumentEngine, type DocumentSnapshot, type RenderJob } from './document-engine.js';
import { APP_DOCUMENT_KINDS, type DocumentKindDefinition } from './document-kind.js';
import {
  DatabaseDocumentStore,
  FolderDocumentStore,
  type DocumentStore,
} from './document-store.js';
import type { DocumentKind, DocumentLocale, DocumentViews } from './document-views.js';
import {
  keysetPage,
  type KeysetOrder,
  type KeysetPage,
  type KeysetPageQuery,
} from '../common/pagination.js';
import { toDocumentResponse, type DocumentResponse } from './document.dto.js';
import { DocumentRecord } from './document.entity.js';
import type { LayoutAppendix, PdfAttachment } from './pdf-renderer.js';
import { RenderPool } from './render-pool.js';
import { templateFileName } from './template-registry.js';

export interface RenderDocumentOptions {
  draft?: boolean;
  /** Defaults to now. */
  issuedAt?: Date;
  pdfa?: boolean;
  attachments?: PdfAttachment[];
  xmpExtension?: string;
}

export interface IssueDocumentInput<K extends DocumentKind = DocumentKind> {
  kind: K;
  /** The customer the owner belongs to: scopes who may see the document. */
  customerId: string;
  ownerType: string;
  ownerId: string;
  title: string;
  versionLabel: string;
  /** The customer's language. */
  locale: DocumentLocale;
  /** Drafts carry the "Entwurf"/"Draft" watermark and are not shown to customer users. */
  draft: boolean;
  view: DocumentViews[K];
  pdfa?: boolean;
  attachments?: PdfAttachment[];
  /** PDF/A only: extra XMP, e.g. the Factur-X extension schema and properties. */
  xmpExtension?: string;
}

/** A rendered document, ready to be recorded: render before the transaction, store inside. */
export interface PreparedDocument {
  input: IssueDocumentInput;
  job: RenderJob;
  bytes: Buffer;
  sha256: string;
  templateVersion: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The document engine as the rest of the app sees it: renders views through the worker
 * pool, records issued documents with their snapshot and hash, and serves the stored bytes
 * only after checking them against that hash.
 */
/**
 * A stored document as other modules hold it: read-only, and handed back to this service
 * (`verifiedBytes`, `prepareSignedCopy`) rather than read from the table.
 */
export type StoredDocument = Readonly<DocumentRecord>;

/** An owner's documents, newest first; the id breaks ties within one timestamp. */
const OWNER_DOCUMENTS_ORDER: KeysetOrder = {
  list: 'owner-documents',
  keys: [
    { path: 'd.createdAt', kind: 'timestamp' },
    { path: 'd.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

@Injectable()
export class DocumentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DocumentsService.name);
  private engine!: DocumentEngine;
  private pool!: RenderPool;
  private store!: DocumentStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_DOCUMENT_KINDS) private readonly kinds: readonly DocumentKindDefinition[],
  ) {}

  /**
   * Compiles and checks the templates of every kind the app's modules define, rendering each
   * kind's samples once; a broken template stops the start with file and line.
   */
  async onModuleInit(): Promise<void> {
    const { templatesDir, renderWorkers, storage, storagePath } = this.config.documents;
    this.engine = DocumentEngine.load(templatesDir, this.kinds);
    this.pool = new RenderPool(renderWorkers, templatesDir, this.engine, {
      heapMb: this.config.documents.renderWorkerHeapMb,
      recycleDocs: this.config.documents.renderWorkerRecycleDocs,
    });
    if (storage === 'database') {
      this.store = new DatabaseDocumentStore(this.dataSource);
    } else {
      const folder = new FolderDocumentStore(storagePath);
      // A writer killed between writing and renaming leaves its temporary file behind.
      const removed = await folder.removeLeftovers();
      if (removed > 0)
        this.logger.warn(`removed ${removed} leftover .tmp files from ${storagePath}`);
      this.store = folder;
    }
    this.logger.log(
      `templates ${this.engine.templateVersion} loaded from ${templatesDir}; ${renderWorkers} render workers; storage: ${storage}`,
    );
    // In production the workers start with the app, warmed by the kinds' samples; elsewhere
    // (tests, development) they start on first demand.
    if (this.config.env === 'production') {
      this.pool.warm(this.sampleJobs()).catch((error: unknown) => {
        this.logger.warn(`render workers failed to warm up: ${String(error)}`);
      });
    }
  }

  private sampleJobs(): RenderJob[] {
    return this.kinds.map(({ kind, sample }) => ({
      kind,
      locale: 'de' as const,
      view: sample('de'),
      draft: false,
      timeZone: 'Europe/Berlin',
      issuedAt: '2026-01-01T09:00:00.000Z',
    }));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  get templateVersion(): string {
    return this.engine.templateVersion;
  }

  /** Renders without storing, e.g. a draft preview. */
  async render<K extends DocumentKind>(
    kind: K,
    locale: DocumentLocale,
    view: DocumentViews[K],
    options: RenderDocumentOptions = {},
  ): Promise<Buffer> {
    const result = await this.pool.render(this.job(kind, locale, view, options));
    return result.bytes;
  }

  /**
   * Renders a stored document's snapshot again; with the same template version the bytes
   * are the stored ones. Attachments are not in the snapshot and must be passed again.
   */
  async rerender(snapshot: DocumentSnapshot, attachments?: PdfAttachment[]): Promise<Buffer> {
    const job: RenderJob = { ...snapshot, attachments };
    delete (job as Partial<DocumentSnapshot>).templateVersion;
    if (!attachments) delete job.attachments;
    return (await this.pool.render(job)).bytes;
  }

  async prepare(input: IssueDocumentInput): Promise<PreparedDocument> {
    const job = this.job(input.kind, input.locale, input.view, input);
    const { bytes, templateVersion } = await this.pool.render(job);
    return { input, job, bytes, sha256: sha256(bytes), templateVersion };
  }

  /**
   * A signed copy of an issued document: its snapshot rendered again with `appendix` (the
   * sign-off certificate) after the last page. Nothing about the original changes; the copy is
   * recorded as a document of its own (owner `ownerType`/`ownerId`) with its own SHA-256.
   */
  async prepareSignedCopy(
    original: DocumentRecord,
    appendix: LayoutAppendix,
    owner: { ownerType: string; ownerId: string; versionLabel: string; issuedAt: Date },
  ): Promise<PreparedDocument> {
    const { snapshot } = original;
    if (snapshot.attachments?.length) {
      // Attachment bytes are kept by their owner, not in the snapshot.
      throw new DomainError(
        'unprocessable',
        'DOCUMENT.HAS_ATTACHMENTS',
        `document ${original.id} carries attachments and cannot be copied from its snapshot`,
      );
    }
    const job: RenderJob = {
      kind: snapshot.kind,
      locale: snapshot.locale,
      view: snapshot.view,
      draft: false,
      timeZone: snapshot.timeZone,
      issuedAt: owner.issuedAt.toISOString(),
      ...(snapshot.pdfa ? { pdfa: true } : {}),
      appendix,
    };
    const { bytes, templateVersion } = await this.pool.render(job);
    const input: IssueDocumentInput = {
      kind: original.kind,
      customerId: original.customerId,
      ownerType: owner.ownerType,
      ownerId: owner.ownerId,
      title: original.title,
      versionLabel: owner.versionLabel,
      locale: original.locale,
      draft: false,
      view: snapshot.view as IssueDocumentInput['view'],
    };
    return { input, job, bytes, sha256: sha256(bytes), templateVersion };
  }

  /** The document with this SHA-256, if this installation issued (or signed) it. */
  async findBySha256(hash: string): Promise<DocumentRecord | null> {
    return this.dataSource.getRepository(DocumentRecord).findOneBy({ sha256: hash, draft: false });
  }

  /** A document by id, unscoped: for modules that have checked access themselves. */
  async findById(id: string): Promise<DocumentRecord | null> {
    return this.dataSource.getRepository(DocumentRecord).findOneBy({ id });
  }

  /** Stores a prepared document and its audit entry in the caller's transaction. */
  async record(
    tx: Tx,
    actor: Actor | typeof SYSTEM_ACTOR,
    prepared: PreparedDocument,
  ): Promise<DocumentRecord> {
    const { input, job } = prepared;
    const id = randomUUID();
    const createdAt = new Date(job.issuedAt);
    const storageKey = `${job.issuedAt.slice(0, 7).replace('-', '/')}/${id}.pdf`;
    await this.store.put(tx, storageKey, prepared.bytes);
    const document = tx.manager.create(DocumentRecord, {
      id,
      kind: input.kind,
      customerId: input.customerId,
      ownerType: input.ownerType,
      ownerId: input.ownerId,
      title: input.title,
      versionLabel: input.versionLabel,
      locale: input.locale,
      templateName: templateFileName(input.kind, input.locale),
      templateVersion: prepared.templateVersion,
      snapshot: snapshotOf(job, prepared.templateVersion),
      sha256: prepared.sha256,
      byteSize: prepared.bytes.byteLength,
      storage: this.store.kind,
      storageKey,
      draft: input.draft,
      createdAt,
      createdBy: actor === SYSTEM_ACTOR ? null : actor.userId,
    });
    await tx.manager.insert(DocumentRecord, document);
    await this.audit.record(tx, actor, {
      entityType: 'document',
      entityId: id,
      action: input.draft ? 'draft_rendered' : 'issued',
      changes: {
        kind: input.kind,
        ownerType: input.ownerType,
        ownerId: input.ownerId,
        title: input.title,
        versionLabel: input.versionLabel,
        locale: input.locale,
        sha256: prepared.sha256,
        templateVersion: prepared.templateVersion,
      },
    });
    return document;
  }

  /**
   * Renders and records in one call. Rendering then happens inside the caller's
   * transaction; callers that can should `prepare` first and `record` in the transaction.
   */
  async issue(
    tx: Tx,
    actor: Actor | typeof SYSTEM_ACTOR,
    input: IssueDocumentInput,
  ): Promise<DocumentRecord> {
    return this.record(tx, actor, await this.prepare(input));
  }

  async get(actor: Actor, id: string): Promise<DocumentResponse> {
    return toDocumentResponse(await this.findVisible(actor, id));
  }

  /** The stored bytes; inline (shown in the browser) unless `attachment` (saved as a file). */
  async download(actor: Actor, id: string, attachment = false): Promise<StreamableFile> {
    const document = await this.findVisible(actor, id);
    const bytes = await this.verifiedBytes(document);
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.byteLength,
      disposition: contentDisposition(
        `${document.title} ${document.versionLabel}`.trim(),
        attachment ? 'attachment' : 'inline',
      ),
    });
  }

  /**
   * The stored bytes, checked against the recorded SHA-256. A mismatch or missing file is
   * logged as an integrity failure and answered with a 500 — never with different bytes.
   */
  async verifiedBytes(document: DocumentRecord): Promise<Buffer> {
    const bytes = await this.store.get(document.storageKey);
    const actual = bytes ? sha256(bytes) : null;
    if (!bytes || actual !== document.sha256) {
      this.logger.error(
        {
          documentId: document.id,
          storage: document.storage,
          storageKey: document.storageKey,
          expectedSha256: document.sha256,
          actualSha256: actual,
        },
        bytes ? 'stored document failed its integrity check' : 'stored document bytes are missing',
      );
      throw new DomainError(
        'integrity',
        'DOCUMENT.INTEGRITY_FAILED',
        `document ${document.id}: stored bytes do not match their SHA-256`,
      );
    }
    return bytes;
  }

  /** The documents of one owner (e.g. a project), newest first, as the actor may see them. */
  async listForOwner(
    actor: Actor,
    ownerType: string,
    ownerId: string,
  ): Promise<DocumentResponse[]> {
    const scope = actor.role === 'customer' ? { customerId: actor.customerId!, draft: false } : {};
    const documents = await this.dataSource.getRepository(DocumentRecord).find({
      where: { ownerType, ownerId, ...scope },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return documents.map(toDocumentResponse);
  }

  /**
   * An owner's documents a page at a time, newest first; the seek runs on
   * idx_documents_owner_created (owner_type, owner_id, created_at, id) backwards.
   */
  /**
   * Whether an owner has documents, as an EXISTS condition for another module's query (the
   * owner's id in `ownerIdColumn`, compared as text like the stored ids): a page reads the list only when there is one.
   */
  ownerHasDocuments(
    query: SelectQueryBuilder<ObjectLiteral>,
    ownerType: string,
    ownerIdColumn: string,
  ): string {
    const rows = query
      .subQuery()
      .select('1')
      .from(DocumentRecord, 'owned')
      .where(
        `owned.ownerType = :ownedType AND owned.ownerId = CAST(${ownerIdColumn} AS varchar(64))`,
        {
          ownedType: ownerType,
        },
      );
    return `EXISTS ${rows.getQuery()}`;
  }

  async pageForOwner(
    actor: Actor,
    ownerType: string,
    ownerId: string,
    query: KeysetPageQuery,
  ): Promise<KeysetPage<DocumentResponse>> {
    const qb = this.dataSource
      .getRepository(DocumentRecord)
      .createQueryBuilder('d')
      .where('d.ownerType = :ownerType AND d.ownerId = :ownerId', { ownerType, ownerId });
    if (actor.role === 'customer') {
      qb.andWhere('d.customerId = :own AND d.draft = :draft', {
        own: actor.customerId!,
        draft: false,
      });
    }
    return keysetPage(qb, OWNER_DOCUMENTS_ORDER, query, (rows) => rows.map(toDocumentResponse));
  }

  /** A customer's latest documents across its projects and tickets (idx_documents_customer). */
  async listForCustomer(actor: Actor, customerId: string, limit = 50): Promise<DocumentResponse[]> {
    if (actor.role === 'customer' && actor.customerId !== customerId) return [];
    const documents = await this.dataSource.getRepository(DocumentRecord).find({
      where: { customerId, ...(actor.role === 'customer' ? { draft: false } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return documents.map(toDocumentResponse);
  }

  /** The latest issued (non-draft) document of a kind and version for an owner, if any. */
  findIssued(
    ownerType: string,
    ownerId: string,
    kind: DocumentKind,
    versionLabel: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DocumentRecord | null> {
    return manager.findOne(DocumentRecord, {
      where: { ownerType, ownerId, kind, versionLabel, draft: false },
      order: { createdAt: 'DESC' },
    });
  }

  /** Staff see every document; a customer user only issued documents of their customer. */
  async findVisible(actor: Actor, id: string): Promise<DocumentRecord> {
    const scope = actor.role === 'customer' ? { customerId: actor.customerId!, draft: false } : {};
    const document = await this.dataSource
      .getRepository(DocumentRecord)
      .findOneBy({ id, ...scope });
    if (!document) throw notFound('DOCUMENT.NOT_FOUND', id);
    return document;
  }

  private job(
    kind: DocumentKind,
    locale: DocumentLocale,
    view: object,
    options: RenderDocumentOptions,
  ): RenderJob {
    return {
      kind,
      locale,
      view,
      draft: options.draft ?? false,
      timeZone: this.config.timezone,
      issuedAt: (options.issuedAt ?? this.clock.now()).toISOString(),
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(options.attachments?.length ? { attachments: options.attachments } : {}),
      ...(options.xmpExtension ? { xmpExtension: options.xmpExtension } : {}),
    };
  }
}

/** Attachments are kept by their owner (e.g. the invoice's XML); the snapshot names them. */
function snapshotOf(job: RenderJob, templateVersion: string): DocumentSnapshot {
  const { attachments, ...rest } = job;
  return {
    ...rest,
    templateVersion,
    ...(attachments
      ? {
          attachments: attachments.map((a) => ({
            name: a.name,
            mimeType: a.mimeType,
            sha256: sha256(a.data),
          })),
        }
      : {}),
  };
}

/** RFC 6266: an ASCII fallback name plus the UTF-8 name. */
function contentDisposition(name: string, type: 'inline' | 'attachment' = 'inline'): string {
  const file = `${name}.pdf`;
  const ascii = file
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file)}`;
}
