import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { notFound } from '../../common/domain-error.js';
import { PageQuery } from '../../common/pagination.js';
import { CompanyService } from '../../company/company.service.js';
import type { RequirementDto } from '../dto/project.dto.js';
import type {
  TemplateItemDto,
  TemplateItemResponse,
  TemplateRequirementResponse,
  TemplateResponse,
} from '../dto/template.dto.js';
import { ITEM_UNITS } from '../estimate.js';
import { ProjectTemplatesService } from '../project-templates.service.js';
import type { Priority } from '../revision-diff.js';
import { centsToEuroText } from './project-pages.service.js';
import { euroTextToCents, type PageItemDto, type PageRequirementDto } from './project-pages.dto.js';

type Part = 'requirements' | 'items';
type PartDto = { requirements: RequirementDto; items: TemplateItemDto };

/**
 * A template's requirements and lines edited one at a time. The template holds them as two
 * lists, so each form's change is applied to the lists as they are and saved whole through
 * the API's `update` (`PATCH /project-templates/:id`) with the version the form was rendered
 * from: a stale form is the service's `TEMPLATE.VERSION_CONFLICT`, never a change applied to a
 * list that moved on. Entries are addressed by their place, 1 = first.
 */
@Injectable()
export class TemplatePagesService {
  constructor(
    private readonly templates: ProjectTemplatesService,
    private readonly company: CompanyService,
  ) {}

  async templatePage(id: string, locale: 'de' | 'en') {
    const [template, rates] = await Promise.all([
      this.templates.get(id),
      this.company.listServices(
        Object.assign(new PageQuery(), { page: 1, pageSize: 100, active: true }),
      ),
    ]);
    return {
      template,
      requirements: template.requirements.map((r, i) => ({ ...r, n: i + 1 })),
      items: template.items.map((item, i) => ({
        ...item,
        n: i + 1,
        id: `line-${i + 1}`,
        // The service's own check (a price or a service) names the line by its index.
        priceField: `items.${i}.unitPriceCents`,
        priceText: item.unitPriceCents === null ? '' : centsToEuroText(item.unitPriceCents, locale),
        rateName: rates.items.find((rate) => rate.id === item.serviceRateId)?.name ?? null,
      })),
      newItem: { id: 'new', title: '', quantity: '1', unit: 'hour', serviceRateId: null },
      newPriceField: `items.${template.items.length}.unitPriceCents`,
      rates: rates.items,
      units: ITEM_UNITS,
      title: template.name,
    };
  }

  addRequirement(actor: Actor, id: string, form: PageRequirementDto) {
    return this.change(actor, id, form.version, 'requirements', (list) => [
      ...list,
      requirementOf(form),
    ]);
  }

  updateRequirement(actor: Actor, id: string, n: number, form: PageRequirementDto) {
    return this.change(actor, id, form.version, 'requirements', (list) =>
      replaced(list, n, requirementOf(form)),
    );
  }

  addItem(actor: Actor, id: string, form: PageItemDto) {
    return this.change(actor, id, form.version, 'items', (list) => [...list, itemOf(form)]);
  }

  /** A line's form has no description: the line keeps the one it has. */
  updateItem(actor: Actor, id: string, n: number, form: PageItemDto) {
    return this.change(actor, id, form.version, 'items', (list) => {
      const before = list[n - 1];
      return before
        ? replaced(list, n, { ...itemOf(form), description: before.description })
        : null;
    });
  }

  /** Moves entry n to `position` (1 = first), the others close up. */
  move(actor: Actor, id: string, part: Part, n: number, version: number, position: number) {
    return this.change(actor, id, version, part, (list) => {
      if (n < 1 || n > list.length) return null;
      const rest = list.filter((_, i) => i !== n - 1);
      const at = Math.min(Math.max(position, 1), list.length) - 1;
      return [...rest.slice(0, at), list[n - 1], ...rest.slice(at)];
    });
  }

  remove(actor: Actor, id: string, part: Part, n: number, version: number) {
    return this.change(actor, id, version, part, (list) =>
      n < 1 || n > list.length ? null : list.filter((_, i) => i !== n - 1),
    );
  }

  /**
   * The edit applied to the template's list as stored, saved with the form's version. An
   * entry that is not there (null) is 404 only when the form is current; a stale form gets the
   * version conflict, as every other stale form does.
   */
  private async change<P extends Part>(
    actor: Actor,
    id: string,
    version: number,
    part: P,
    edit: (list: PartDto[P][]) => PartDto[P][] | null,
  ): Promise<TemplateResponse> {
    const template = await this.templates.get(id);
    const list = (
      part === 'requirements'
        ? template.requirements.map(storedRequirement)
        : template.items.map(storedItem)
    ) as PartDto[P][];
    const changed = edit(list);
    if (changed === null && template.version === version) {
      throw notFound('TEMPLATE.NOT_FOUND', `${id}/${part}`);
    }
    return this.templates.update(actor, id, { version, [part]: changed ?? list });
  }
}

function replaced<T>(list: T[], n: number, entry: T): T[] | null {
  if (n < 1 || n > list.length) return null;
  return list.map((old, i) => (i === n - 1 ? entry : old));
}

function requirementOf(form: PageRequirementDto): RequirementDto {
  return {
    text: form.text,
    priority: form.priority,
    acceptanceCriterion: form.acceptanceCriterion,
    solution: form.solution ?? null,
  };
}

/** A line as typed: a price in euros ("120,50") fixes it, else the price-list service gives it. */
function itemOf(form: PageItemDto): TemplateItemDto {
  return {
    title: form.title,
    quantity: form.quantity,
    unit: form.unit,
    serviceRateId: form.serviceRateId,
    unitPriceCents: form.unitPrice === undefined ? undefined : euroTextToCents(form.unitPrice),
    optional: form.optional ?? false,
  };
}

const storedRequirement = (r: TemplateRequirementResponse): RequirementDto => ({
  text: r.text,
  priority: r.priority as Priority,
  acceptanceCriterion: r.acceptanceCriterion,
  solution: r.solution,
});

const storedItem = (i: TemplateItemResponse): TemplateItemDto => ({
  title: i.title,
  description: i.description ?? undefined,
  quantity: i.quantity,
  unit: i.unit,
  serviceRateId: i.serviceRateId ?? undefined,
  unitPriceCents: i.unitPriceCents ?? undefined,
  optional: i.optional,
});
