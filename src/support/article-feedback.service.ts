import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import { ArticlesService } from './articles.service.js';
import { ArticleFeedback } from './support-desk-extras.entity.js';

export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

/** "Was this article helpful?": one answer per user and article; a new answer replaces the old. */
@Injectable()
export class ArticleFeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly articles: ArticlesService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async answer(actor: Actor, articleId: string, helpful: boolean): Promise<void> {
    // Only an article the caller may read can be rated (else ARTICLE.NOT_FOUND).
    await this.articles.get(actor, articleId);
    await this.transactions.run(async (tx) => {
      const key = { articleId, userId: actor.userId };
      await tx.manager.delete(ArticleFeedback, key);
      await tx.manager.insert(ArticleFeedback, { ...key, helpful, answeredAt: this.clock.now() });
      await this.audit.record(tx, actor, {
        entityType: 'support_article',
        entityId: articleId,
        action: 'feedback',
        changes: { helpful },
      });
    });
  }

  async mine(actor: Actor, articleId: string): Promise<boolean | null> {
    const row = await this.dataSource
      .getRepository(ArticleFeedback)
      .findOneBy({ articleId, userId: actor.userId });
    return row ? row.helpful : null;
  }

  /** Per article: how many found it helpful or not (for the staff's list). */
  async counts(articleIds: string[]): Promise<Map<string, FeedbackCounts>> {
    const counts = new Map(articleIds.map((id) => [id, { helpful: 0, notHelpful: 0 }]));
    if (articleIds.length === 0) return counts;
    const rows = await this.dataSource
      .getRepository(ArticleFeedback)
      .createQueryBuilder('f')
      .select('f.articleId', 'articleId')
      .addSelect('f.helpful', 'helpful')
      .addSelect('COUNT(*)', 'n')
      .where('f.articleId IN (:...ids)', { ids: articleIds })
      .groupBy('f.articleId')
      .addGroupBy('f.helpful')
      .getRawMany<{ articleId: string; helpful: boolean | number; n: string | number }>();
    for (const row of rows) {
      const entry = counts.get(row.articleId);
      if (!entry) continue;
      if (row.helpful === true || row.helpful === 1) entry.helpful = Number(row.n);
      else entry.notHelpful = Number(row.n);
    }
    return counts;
  }
}
