import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsService } from './contracts.service.js';
import { Contact, Contract, Customer } from './customer.entity.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Customer, Contact, Contract])],
  controllers: [CustomersController],
  providers: [CustomersService, ContractsService],
  exports: [CustomersService],
})
export class CustomersModule {}
