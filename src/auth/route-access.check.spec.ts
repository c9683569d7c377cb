import { Controller, Get } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from '@jest/globals';
import { Public, Roles } from '../common/access.js';
import { RouteAccessCheck } from './route-access.check.js';

@Controller('declared')
class DeclaredController {
  @Get('a')
  @Roles('admin')
  a() {
    return 'a';
  }

  @Get('b')
  @Public()
  b() {
    return 'b';
  }
}

@Controller('class-level')
@Roles('finance')
class ClassLevelController {
  @Get()
  c() {
    return 'c';
  }
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  open() {
    return 'oops';
  }

  helper() {
    return 'not a route';
  }
}

async function check(...controllers: Array<new () => unknown>) {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers,
    providers: [RouteAccessCheck],
  }).compile();
  return module.get(RouteAccessCheck).undeclaredRoutes();
}

describe('every route states who may call it', () => {
  it('accepts routes with @Roles or @Public on the handler or the class', async () => {
    expect(await check(DeclaredController, ClassLevelController)).toEqual([]);
  });

  it('names a route that states neither, and ignores methods that are not routes', async () => {
    expect(await check(DeclaredController, ForgottenController)).toEqual([
      'ForgottenController.open',
    ]);
  });
});
