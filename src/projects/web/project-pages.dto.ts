import { OmitType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  CreateEstimateItemDto,
  CreateProjectDto,
  CreateRequirementDto,
  ReasonDto,
  ScheduleDto,
  UpdateProjectDto,
} from '../dto/project.dto.js';
import { FormNumber } from '../../web/form-fields.js';
import { PROJECT_CHOICE_FILTERS, type ProjectChoiceFilter } from '../projects.service.js';

/*
 * The page forms' bodies: the API's DTOs (so the same rules apply), adapted to what an HTML
 * form sends: every value is text, an empty field means "not given", a checkbox is present
 * only when ticked, and a German keyboard types "1,5".
 */
/** An optional field left empty (or only spaces typed) is "not given". */
export const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
export const decimalComma = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().replace(',', '.') : value;
export const checkbox = ({ value }: { value: unknown }): unknown =>
  value === 'on' || value === 'true';

/** The project version the form was rendered from (stale: 409 "changed by someone else"). */
export class PageVersionDto {
  @FormNumber() @IsInt() @Min(1) version!: number;
}

/** Adds form conversions to a field an API DTO declares (its rules stay as they are). */
function asForm(target: object, field: string, ...decorators: PropertyDecorator[]) {
  for (const decorate of decorators) decorate((target as { prototype: object }).prototype, field);
}
const asNumber = FormNumber();
const emptyIsAbsent = Transform(emptyToUndefined);

export class PageCreateProjectDto extends CreateProjectDto {}
asForm(PageCreateProjectDto, 'templateId', emptyIsAbsent);
asForm(PageCreateProjectDto, 'billingMode', emptyIsAbsent);

export class PageConceptDto extends UpdateProjectDto {}
asForm(PageConceptDto, 'version', asNumber);
asForm(PageConceptDto, 'validUntil', emptyIsAbsent);
// An emptied textarea clears the terms (null), as the API's clearable field does.
asForm(
  PageConceptDto,
  'terms',
  Transform(({ value }: { value: unknown }) => (value === '' ? null : value)),
);

export class PageRequirementDto extends CreateRequirementDto {}
asForm(PageRequirementDto, 'version', asNumber);
asForm(PageRequirementDto, 'solution', emptyIsAbsent);

/** A requirement edited in place: the same fields; an emptied solution clears it (null). */
export class PageRequirementUpdateDto extends CreateRequirementDto {}
asForm(PageRequirementUpdateDto, 'version', asNumber);
asForm(
  PageRequirementUpdateDto,
  'solution',
  Transform(({ value }: { value: unknown }) => (value === '' ? null : value)),
);

export class PageItemDto extends OmitType(CreateEstimateItemDto, [
  'unitPriceCents',
  'optional',
  'quantity',
  'version',
  'serviceRateId',
]) {
  @FormNumber() @IsInt() @Min(1) version!: number;
  @Transform(decimalComma) @Matches(/^\d{1,9}(\.\d{1,3})?$/) quantity!: string;
  @Transform(emptyToUndefined) @IsOptional() @IsUUID() serviceRateId?: string;
  /** Euros as typed: "120", "120,50", "1234.5". */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d{1,7}([.,]\d{1,2})?$/, { message: 'unitPrice must be an amount such as 120,00' })
  unitPrice?: string;
  @Transform(checkbox) @IsOptional() optional?: boolean;
}

/**
 * An estimate line edited in place: the add form's fields, and an `optional` that can be
 * unticked (a hidden "off" goes along, since an unticked checkbox sends nothing).
 */
export class PageItemUpdateDto extends OmitType(PageItemDto, ['optional']) {
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.includes('on') : value === 'on',
  )
  @IsOptional()
  optional?: boolean;
}

/** The fields of a line that make its price: what the live totals send while typing. */
export const PREVIEW_FIELDS = [
  'quantity',
  'unit',
  'serviceRateId',
  'unitPrice',
  'optional',
] as const;
export class PageItemPreviewDto extends PickType(PageItemUpdateDto, PREVIEW_FIELDS) {}
/** The line being edited, if the preview is of a change (else of a new line). */
export class PreviewQuery {
  @IsOptional() @IsUUID() item?: string;
}

/** The up/down buttons of a requirement: the place it moves to (1 = first). */
export class PageMoveDto extends PageVersionDto {
  @FormNumber() @IsInt() @Min(1) @Max(200) position!: number;
}

export class PageReasonDto extends ReasonDto {}
asForm(PageReasonDto, 'version', asNumber);

export class PageScheduleDto extends ScheduleDto {}
asForm(PageScheduleDto, 'version', asNumber);

export class ProjectListQuery {
  @Transform(emptyToUndefined) @IsOptional() @IsUUID() customerId?: string;
}

/** The project list: a customer's (or all), older projects after the previous page's cursor. */
export class ProjectListPageQuery extends ProjectListQuery {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^[A-Za-z0-9_-]+$/)
  after?: string;
}

/** The new-project form: a customer chosen ahead, or its picker's search (no JavaScript). */
export class NewProjectQuery extends ProjectListQuery {
  @IsOptional() @IsString() @MaxLength(100) customerQuery?: string;
}

/**
 * A project picker's htmx search (the select with its matches): which picker (its element id)
 * and field name to answer for, which projects (`only`), and whether a choice is required.
 */
export class ProjectPickerQuery {
  @IsOptional() @IsString() @MaxLength(100) projectQuery?: string;
  @Matches(/^[a-zA-Z][a-zA-Z0-9-]{0,40}$/) picker!: string;
  @Matches(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/) field!: string;
  @IsIn(PROJECT_CHOICE_FILTERS) only!: ProjectChoiceFilter;
  @Transform(emptyToUndefined) @IsOptional() @IsIn(['1']) required?: string;
}

/** "120,5" → 12050: exact, by string, never through a float. */
export function euroTextToCents(text: string): number {
  const [whole, fraction = ''] = text.split(/[.,]/);
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
