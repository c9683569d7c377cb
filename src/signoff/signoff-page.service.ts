import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import {
  SignoffDecisionsService,
  type ClientContext,
  type DecidedSignoff,
} from './signoff-decisions.service.js';
import { SignoffPages } from './signoff-pages.js';
import type { ApproveSignoffDto, DeclineSignoffDto } from './signoff.dto.js';

/** A link whose document is decided: it shows the decision instead of an error. */
const SPENT: ReadonlySet<string> = new Set(['SIGNOFF.TOKEN_USED', 'SIGNOFF.ALREADY_DECIDED']);

/** The link routes as HTML: the page, and the page after a decision. */
@Injectable()
export class SignoffPageService implements OnModuleInit {
  private pages!: SignoffPages;

  constructor(
    private readonly decisions: SignoffDecisionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.pages = new SignoffPages(this.config.documents.templatesDir);
  }

  get css(): string {
    return this.pages.css;
  }

  renderError(code: string, detail: string): string {
    return this.pages.renderError(code, detail);
  }

  async page(token: string, client: ClientContext): Promise<string> {
    const open = await this.decisions.openLink(token, client).catch(async (error: unknown) => {
      if (!(error instanceof DomainError) || !SPENT.has(error.code)) throw error;
      const decided = await this.decisions.decidedByLink(token, client);
      if (!decided) throw error;
      return decided;
    });
    if ('decision' in open) {
      return this.pages.renderResult({
        ...this.resultOf(open),
        earlier: {
          documentHref: open.decision.signedDocumentId ? `/signoff/${token}/document.pdf` : null,
        },
      });
    }
    return this.pages.renderPage({
      language: open.link!.language,
      token,
      contactName: open.link!.contactName,
      title: open.request.title,
      versionLabel: open.request.versionLabel,
      sha256: open.document?.sha256 ?? null,
      documentId: open.document?.id ?? null,
      expiresAt: open.link!.expiresAt,
      details: open.details,
      timeZone: this.config.timezone,
    });
  }

  async approve(token: string, client: ClientContext, dto: ApproveSignoffDto): Promise<string> {
    const decided = await this.decisions.decideByLink(token, client, {
      outcome: 'approved',
      comment: null,
      optionalItemIds: dto.optionalItemIds ?? [],
      signerName: dto.signerName,
      documentId: dto.documentId,
    });
    return this.result(decided.request.locale, decided);
  }

  async decline(token: string, client: ClientContext, dto: DeclineSignoffDto): Promise<string> {
    const decided = await this.decisions.decideByLink(token, client, {
      outcome: 'declined',
      comment: dto.comment,
      optionalItemIds: [],
      documentId: dto.documentId,
    });
    return this.result(decided.request.locale, decided);
  }

  private result(language: 'de' | 'en', decided: DecidedSignoff): string {
    return this.pages.renderResult({ ...this.resultOf(decided), language });
  }

  private resultOf(decided: DecidedSignoff) {
    return {
      language: decided.request.locale,
      outcome: decided.decision.decision,
      signerName: decided.decision.signerName,
      signedAt: decided.decision.signedAt,
      signedSha256: decided.decision.signedSha256,
    };
  }
}
