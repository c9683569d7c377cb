import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { Clock } from './common/clock.js';

/** The validated configuration and the clock, available everywhere. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: new Clock(config.timezone) },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
