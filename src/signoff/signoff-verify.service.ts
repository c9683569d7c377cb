import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { validationError } from '../common/domain-error.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { VerifyDocumentDto, VerifyResponse } from './signoff.dto.js';
import { SignoffDecision, SignoffRequest } from './signoff.entity.js';

/**
 * "Is this PDF ours?": by SHA-256, so one changed byte makes it unknown. An issued document
 * reports its latest sign-off; a signed copy reports the decision it certifies.
 */
@Injectable()
export class SignoffVerifyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
  ) {}

  async verify(
    file: { buffer: Buffer } | undefined,
    dto: VerifyDocumentDto,
  ): Promise<VerifyResponse> {
    if (!file && !dto.sha256) {
      throw validationError([
        { field: 'file', messages: ['upload the PDF as "file", or give its sha256'] },
      ]);
    }
    const sha256 = file
      ? createHash('sha256').update(file.buffer).digest('hex')
      : dto.sha256!.toLowerCase();
    const document = await this.documents.findBySha256(sha256);
    if (!document) return { known: false, sha256 };
    const manager = this.dataSource.manager;
    const signed = document.ownerType === 'signoff_request';
    const request = signed
      ? await manager.findOneBy(SignoffRequest, { id: document.ownerId })
      : await manager.findOne(SignoffRequest, {
          where: { documentId: document.id },
          order: { createdAt: 'DESC' },
        });
    const decision =
      request && (await manager.findOneBy(SignoffDecision, { requestId: request.id }));
    return {
      known: true,
      sha256,
      kind: signed ? 'signed' : 'issued',
      documentId: document.id,
      documentKind: document.kind,
      title: document.title,
      versionLabel: document.versionLabel,
      issuedAt: document.createdAt.toISOString(),
      projectId: request?.projectId ?? (document.ownerType === 'project' ? document.ownerId : null),
      signoff: request
        ? {
            requestId: request.id,
            status: request.status,
            decision: request.decision,
            signerName: decision?.signerName ?? null,
            signedAt: decision?.signedAt.toISOString() ?? null,
            signedDocumentId: decision?.signedDocumentId ?? null,
            signedSha256: decision?.signedSha256 ?? null,
          }
        : null,
    };
  }
}
