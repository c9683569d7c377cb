import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { RevokeSignoffDto } from '../signoff.dto.js';

/** Ticked checkboxes: one value arrives as a string, several as an array, none not at all. */
const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

export class PageSendSignoffDto {
  @IsUUID() documentId!: string;
  @Transform(toArray)
  @IsArray()
  @ArrayMinSize(1, { message: 'contactIds: choose at least one contact' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  contactIds!: string[];
}

export class PageRevokeSignoffDto extends RevokeSignoffDto {}
