import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, openDatabase } from './data-source.js';
import { Sequences } from './sequences.js';
import { Transactions } from './transactions.js';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config.database), autoLoadEntities: true }),
          // Migrations run at start, before any module touches the database.
          dataSourceFactory: (options?: DataSourceOptions) =>
            openDatabase(config.database, options ?? {}),
        }),
      ],
      providers: [Transactions, Sequences],
      exports: [Transactions, Sequences],
    };
  }
}
