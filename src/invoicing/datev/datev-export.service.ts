import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, In } from 'typeorm';
import type { Actor } from '../../common/access.js';
import { Clock } from '../../common/clock.js';
import { DomainError, validationError } from '../../common/domain-error.js';
import { Invoice } from '../invoice.entity.js';
import { InvoicingSettingsService } from '../invoicing-settings.service.js';
import { buchungsstapel, fiscalYearBegin, toWindows1252 } from './datev-export.js';

export interface DatevFile {
  filename: string;
  bytes: Buffer;
}

/** The DATEV Buchungsstapel of the invoices issued in a period, in Windows-1252. */
@Injectable()
export class DatevExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: InvoicingSettingsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async export(actor: Actor, from: string, to: string): Promise<DatevFile> {
    const settings = (await this.settings.datev()).value;
    if (to < from)
      throw validationError([{ field: 'to', messages: ['to must not be before from'] }]);
    // DATEV takes one batch per fiscal year: its header names the year's first day.
    if (fiscalYearBegin(settings, from) !== fiscalYearBegin(settings, to)) {
      throw validationError([
        { field: 'to', messages: ['from and to must lie in the same fiscal year'] },
      ]);
    }
    const invoices = await this.dataSource.getRepository(Invoice).find({
      where: { status: In(['issued', 'cancelled']), issueDate: Between(from, to) },
      order: { issueDate: 'ASC', number: 'ASC' },
    });
    let text: string;
    try {
      text = buchungsstapel(
        settings,
        { createdAt: this.timestamp(), from, to, exportedBy: actor.name },
        invoices.map((i) => i.snapshot!),
      );
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new DomainError('unprocessable', 'DATEV.INVALID_ACCOUNT', error.message);
    }
    return {
      filename: `EXTF_Buchungsstapel_${from}_${to}.csv`,
      bytes: toWindows1252(text),
    };
  }

  /** YYYYMMDDHHMMSSFFF in the company's time zone. */
  private timestamp(): string {
    const now = this.clock.now();
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: this.clock.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    const millis = String(now.getMilliseconds()).padStart(3, '0');
    return `${part('year')}${part('month')}${part('day')}${part('hour')}${part('minute')}${part('second')}${millis}`;
  }
}
