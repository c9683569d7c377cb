import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Trim } from '../common/validation.js';
import { FormNumber } from '../web/form-fields.js';

/** HTML forms send one value as a string and several as an array. */
const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? undefined : Array.isArray(value) ? value : [value];
/** A ticked HTML checkbox sends "on". */
const toConsent = ({ value }: { value: unknown }): unknown =>
  value === true || value === 'on' || value === 'true' ? true : value;

/** The project version the page showed: someone else's change in between answers 409. */
export class PortalVersionForm {
  @FormNumber() @IsInt() @Min(1) version!: number;
}

/** Approving the revision in review: options, the typed name and consent (as on the sign-off page). */
export class PortalApproveForm extends PortalVersionForm {
  @FormNumber() @IsInt() @Min(1) revision!: number;

  @Trim() @IsString() @MinLength(2) @MaxLength(200) signerName!: string;

  @Transform(toConsent)
  @Equals(true, { message: 'consent must be given (tick the box)' })
  consent!: boolean;

  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  optionalItemIds?: string[];
}

export class PortalRequestChangesForm extends PortalVersionForm {
  @FormNumber() @IsInt() @Min(1) revision!: number;
  @Trim() @IsString() @MinLength(3) @MaxLength(10000) comment!: string;
}

export class PortalAcceptForm extends PortalVersionForm {
  @Trim() @IsString() @MinLength(2) @MaxLength(200) signerName!: string;

  @Transform(toConsent)
  @Equals(true, { message: 'consent must be given (tick the box)' })
  consent!: boolean;

  @IsOptional() @Trim() @IsString() @MaxLength(10000) comment?: string;
}

/** Rejecting the acceptance: the defects, one per line. */
export class PortalRejectForm extends PortalVersionForm {
  @Trim() @IsString() @MinLength(3) @MaxLength(20000) defects!: string;
  @IsOptional() @Trim() @IsString() @MaxLength(10000) comment?: string;
}

export class PortalChangeRequestApproveForm {
  @Trim() @IsString() @MinLength(2) @MaxLength(200) signerName!: string;

  @Transform(toConsent)
  @Equals(true, { message: 'consent must be given (tick the box)' })
  consent!: boolean;
}

export class PortalChangeRequestRejectForm {
  @Trim() @IsString() @MinLength(3) @MaxLength(10000) comment!: string;
}

const CURSOR = /^[A-Za-z0-9_-]+$/;

/** The portal's home: the projects after this cursor (the previous page's last). */
export class PortalHomeQuery {
  @IsOptional() @IsString() @MaxLength(1000) @Matches(CURSOR) after?: string;
}

/** The documents page: each of its two lists continues after its own cursor. */
export class PortalFilesQuery {
  @IsOptional() @IsString() @MaxLength(1000) @Matches(CURSOR) projectsAfter?: string;
  @IsOptional() @IsString() @MaxLength(1000) @Matches(CURSOR) invoicesAfter?: string;
}
