import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { PAGE_ACCESS_KEY, PAGE_CONTROLLER_KEY, PUBLIC_KEY, ROLES_KEY } from '../common/access.js';

/**
 * Refuses to start an app with a route that states neither its roles nor @Public(), or a page
 * route (in a page controller) without its @PageRoles()/@PageAnonymous().
 */
@Injectable()
export class RouteAccessCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = this.undeclaredRoutes();
    if (undeclared.length > 0) {
      throw new Error(
        `Routes without @Roles() or @Public() (pages: @PageRoles()): ${undeclared.join(', ')}`,
      );
    }
  }

  undeclaredRoutes(): string[] {
    const missing: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, (...args: unknown[]) => unknown>)[name];
        if (this.reflector.get(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, wrapper.metatype as object] as never;
        if (!this.declares(targets)) missing.push(`${wrapper.name}.${name}`);
      }
    }
    return missing;
  }

  private declares(targets: never): boolean {
    const read = (key: string) => this.reflector.getAllAndOverride<unknown>(key, targets);
    if (read(PAGE_CONTROLLER_KEY) !== undefined) return read(PAGE_ACCESS_KEY) !== undefined;
    return (read(PUBLIC_KEY) ?? read(ROLES_KEY) ?? read(PAGE_ACCESS_KEY)) !== undefined;
  }
}
