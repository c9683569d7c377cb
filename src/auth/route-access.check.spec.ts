import { Controller, Get } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from '@jest/globals';
import { Public, Roles } from '../common/access.js';
import { PageAnonymous, PageController, PageRoles } from '../web/page-decorators.js';
import { WebRenderer } from '../web/web-renderer.service.js';
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

@PageController('pages')
class PagesController {
  @Get('a')
  @PageRoles('consultant')
  a() {
    return 'a';
  }

  @Get('login')
  @PageAnonymous()
  login() {
    return 'login';
  }

  /** @Public() is the API's mark: a page must still say who may open it. */
  @Get('b')
  @Public()
  b() {
    return 'b';
  }
}

async function check(...controllers: Array<new () => unknown>) {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers,
    // Page controllers' error filter needs the renderer; the check never renders.
    providers: [RouteAccessCheck, { provide: WebRenderer, useValue: {} }],
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

describe('every page route states who may open it', () => {
  it('accepts @PageRoles and @PageAnonymous, and names a page route with only @Public', async () => {
    expect(await check(PagesController)).toEqual(['PagesController.b']);
  });
});
