import { Body, Controller, Get, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../../common/access.js';
import { InvoicingSettingsService } from '../invoicing-settings.service.js';
import { DatevExportService } from './datev-export.service.js';
import { DatevExportQuery, DatevSettingsDto, DatevSettingsResponse } from './datev.dto.js';

/** The DATEV export (Buchungsstapel) and its account settings. */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('invoices')
export class DatevController {
  constructor(
    private readonly settings: InvoicingSettingsService,
    private readonly datev: DatevExportService,
  ) {}

  @Get('datev/settings')
  @Roles('finance', 'admin')
  datevSettings(): Promise<DatevSettingsResponse> {
    return this.settings.datevResponse();
  }

  @Put('datev/settings')
  @Roles('finance', 'admin')
  updateDatevSettings(
    @CurrentActor() actor: Actor,
    @Body() dto: DatevSettingsDto,
  ): Promise<DatevSettingsResponse> {
    return this.settings.updateDatev(actor, dto);
  }

  /** DATEV Buchungsstapel (EXTF, Windows-1252) of the invoices issued from `from` to `to`. */
  @Get('export.datev.csv')
  @Roles('finance', 'admin')
  @ApiProduces('text/csv')
  async exportDatev(
    @CurrentActor() actor: Actor,
    @Query() query: DatevExportQuery,
  ): Promise<StreamableFile> {
    const file = await this.datev.export(actor, query.from, query.to);
    return new StreamableFile(file.bytes, {
      type: 'text/csv; charset=windows-1252',
      disposition: `attachment; filename="${file.filename}"`,
    });
  }
}
