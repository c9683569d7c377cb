import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentsModule } from '../documents/documents.module.js';
import { WebModule } from '../web/web.module.js';
import { CompanyController } from './company.controller.js';
import { CompanyProfile, ServiceRate } from './company.entity.js';
import { CompanyService } from './company.service.js';
import { AdminCompanyPageController } from './web/admin-company.page.controller.js';
import { AdminCompanyPagesService } from './web/admin-company-pages.service.js';
import { AdminPriceListPageController } from './web/admin-price-list.page.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([CompanyProfile, ServiceRate]), DocumentsModule, WebModule],
  controllers: [CompanyController, AdminCompanyPageController, AdminPriceListPageController],
  providers: [CompanyService, AdminCompanyPagesService],
  exports: [CompanyService],
})
export class CompanyModule {}
