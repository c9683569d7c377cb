import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { Clock } from './common/clock.js';

/** The validated configuration and the clock, available everywhere. */
@Global()
@Module({})
export class CoreModule {
  /** `clock` lets tests move time; the app uses the real one. */
  static forRoot(config: AppConfig, clock = new Clock(config.timezone)): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
