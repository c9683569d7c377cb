import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsService } from './contracts.service.js';
import { Contact, Contract, Customer } from './customer.entity.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';

import { DocumentsModule } from '../documents/documents.module.js';
import { WebModule } from '../web/web.module.js';
import { CustomerPagesService } from './web/customer-pages.service.js';
import { CustomerPartsPageController } from './web/customer-parts.page.controller.js';
import { CustomersPageController } from './web/customers.page.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([Customer, Contact, Contract]), DocumentsModule, WebModule],
  controllers: [CustomersController, CustomersPageController, CustomerPartsPageController],
  providers: [CustomersService, ContractsService, CustomerPagesService],
  exports: [CustomersService],
})
export class CustomersModule {}
