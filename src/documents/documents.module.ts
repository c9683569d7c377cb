import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_DOCUMENT_KINDS, type DocumentKindDefinition } from './document-kind.js';
import { DocumentContent, DocumentRecord } from './document.entity.js';
import { DocumentsController } from './documents.controller.js';
import { WebModule } from '../web/web.module.js';
import { AdminDocumentsPageController } from './web/admin-documents.page.controller.js';
import { DocumentsService } from './documents.service.js';
import { DocumentPreviewsService } from './document-previews.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([DocumentRecord, DocumentContent]), WebModule],
  controllers: [DocumentsController, AdminDocumentsPageController],
  providers: [DocumentsService, DocumentPreviewsService],
  exports: [DocumentsService, DocumentPreviewsService],
})
export class DocumentsModule {}

/**
 * The app's document kinds (`src/document-kinds.ts`), given once by the app module. Global like
 * the configuration, so every module that renders keeps importing plain `DocumentsModule`, and
 * each app instance (each test's included) gets its own list: nothing to reset.
 */
@Global()
@Module({})
export class DocumentKindsModule {
  static forRoot(kinds: readonly DocumentKindDefinition[]): DynamicModule {
    return {
      module: DocumentKindsModule,
      providers: [{ provide: APP_DOCUMENT_KINDS, useValue: kinds }],
      exports: [APP_DOCUMENT_KINDS],
    };
  }
}
