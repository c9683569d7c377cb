import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/access.js';
import { Project } from './project.entity.js';
import { STAGES, type Stage } from './stage-machine.js';

export interface StageCount {
  stage: Stage;
  count: number;
}

export interface DashboardProject {
  id: string;
  number: string;
  title: string;
  stage: Stage;
  completionDate: string | null;
  updatedAt: string;
}

export interface ProjectDashboard {
  stages: StageCount[];
  recent: DashboardProject[];
}

const RECENT = 20;

/**
 * The staff dashboard's figures, answered by the database (counts per stage in one grouped
 * query, a page of the latest changes), never by loading every project.
 */
@Injectable()
export class ProjectDashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async dashboard(actor: Actor): Promise<ProjectDashboard> {
    const scope = actor.role === 'customer' ? { customerId: actor.customerId! } : {};
    const projects = this.dataSource.getRepository(Project);
    const [rows, recent] = await Promise.all([
      projects
        .createQueryBuilder('p')
        .select('p.stage', 'stage')
        .addSelect('COUNT(*)', 'count')
        .where(scope.customerId ? 'p.customer_id = :customerId' : '1=1', scope)
        .groupBy('p.stage')
        .getRawMany<{ stage: Stage; count: string | number }>(),
      projects.find({ where: scope, order: { updatedAt: 'DESC', number: 'DESC' }, take: RECENT }),
    ]);
    const counts = new Map(rows.map((row) => [row.stage, Number(row.count)]));
    return {
      stages: STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 })),
      recent: recent.map((p) => ({
        id: p.id,
        number: p.number,
        title: p.title,
        stage: p.stage,
        completionDate: p.completionDate,
        updatedAt: p.updatedAt.toISOString(),
      })),
    };
  }
}
