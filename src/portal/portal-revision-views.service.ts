import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PortalRevisionView } from './portal-revision-view.entity.js';

/** Which revisions of a project a customer user has seen in the portal. */
@Injectable()
export class PortalRevisionViews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The latest revision before `revision` this user saw, if any. */
  async lastSeenBefore(userId: string, projectId: string, revision: number) {
    const view = await this.dataSource.getRepository(PortalRevisionView).findOne({
      where: { userId, projectId, revision: LessThan(revision) },
      order: { revision: 'DESC' },
    });
    return view?.revision ?? null;
  }

  /** Records the first sight; seeing it again (or in two tabs at once) keeps that one. */
  async seen(userId: string, projectId: string, revision: number): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PortalRevisionView)
      .values({ userId, projectId, revision, seenAt: this.clock.now() })
      .orIgnore()
      .execute();
  }
}
