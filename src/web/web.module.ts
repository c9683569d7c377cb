import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PageErrorFilter } from './page-error.filter.js';
import { StaticController } from './static.controller.js';
import { WebRenderer } from './web-renderer.service.js';
import { WebSession } from './web-session.entity.js';
import { WebSessionsService } from './web-sessions.service.js';

/**
 * The web shell: sessions, rendering (layout, navigation, labels, locale helpers), static
 * files and the page error filter. It knows no business module; the modules own their pages
 * and import this module for the renderer.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebSession])],
  controllers: [StaticController],
  providers: [WebRenderer, WebSessionsService, PageErrorFilter],
  exports: [WebRenderer, WebSessionsService, PageErrorFilter],
})
export class WebModule {}
