import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import { isStaff, type Actor } from '../common/access.js';
import { notFound } from '../common/domain-error.js';
import { toPage } from '../common/pagination.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import type {
  ArticlePage,
  ArticleQuery,
  ArticleResponse,
  CreateArticleDto,
  UpdateArticleDto,
} from './dto/article.dto.js';
import { toArticleResponse } from './support-mappers.js';
import { SupportArticle, type ArticleVisibility } from './support-settings.entity.js';

const ARTICLE_FIELDS = ['title', 'body', 'visibility'] as const;

/**
 * The small knowledge base. Internal how-to articles (`contract_customers`, the name is
 * historical) go to customers with a data processing agreement (AV) in force — the service
 * terms tie them to the AV alone, as the sub-processor directory; a service contract is
 * neither needed nor enough.
 */
@Injectable()
export class ArticlesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly customers: CustomersService,
  ) {}

  async list(actor: Actor, query: ArticleQuery): Promise<ArticlePage> {
    const visible = await this.visibleTo(actor);
    const visibilities = query.visibility ? visible.filter((v) => v === query.visibility) : visible;
    // An empty OR list would match everything: answer with nothing instead.
    if (visibilities.length === 0) return toPage([[], 0], query, toArticleResponse);
    const result = await this.dataSource.getRepository(SupportArticle).findAndCount({
      where: visibilities.map((visibility) => ({ visibility })),
      order: { title: 'ASC', id: 'ASC' },
      skip: query.skip,
      take: query.pageSize,
    });
    return toPage(result, query, toArticleResponse);
  }

  async get(actor: Actor, id: string): Promise<ArticleResponse> {
    const article = await this.dataSource.getRepository(SupportArticle).findOneBy({ id });
    if (!article || !(await this.visibleTo(actor)).includes(article.visibility)) {
      throw notFound('ARTICLE.NOT_FOUND', id);
    }
    return toArticleResponse(article);
  }

  async create(actor: Actor, dto: CreateArticleDto): Promise<ArticleResponse> {
    const article = await this.transactions.run(async (tx) => {
      const created = tx.manager.create(SupportArticle, { ...dto, id: randomUUID() });
      await tx.manager.insert(SupportArticle, created);
      await this.audit.record(tx, actor, {
        entityType: 'support_article',
        entityId: created.id,
        action: 'created',
        changes: { title: dto.title, visibility: dto.visibility },
      });
      return created;
    });
    return this.get(actor, article.id);
  }

  async update(actor: Actor, id: string, dto: UpdateArticleDto): Promise<ArticleResponse> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(SupportArticle, { id });
      if (!before) throw notFound('ARTICLE.NOT_FOUND', id);
      const { version, ...changes } = dto;
      await updateVersioned(tx, SupportArticle, id, version, changes, 'ARTICLE');
      await this.audit.record(tx, actor, {
        entityType: 'support_article',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, { ...before, ...changes }, ARTICLE_FIELDS),
      });
    });
    return this.get(actor, id);
  }

  private async visibleTo(actor: Actor): Promise<ArticleVisibility[]> {
    if (isStaff(actor)) return ['public', 'contract_customers'];
    const coverage = await this.customers.coverage(actor.customerId!);
    return coverage.dataProcessingAgreement ? ['public', 'contract_customers'] : ['public'];
  }
}
