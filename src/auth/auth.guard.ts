import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  PAGE_ACCESS_KEY,
  PUBLIC_KEY,
  ROLES_KEY,
  type RequestWithActor,
  type Role,
} from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import { AuthService } from './auth.service.js';

/**
 * The one gate in front of every route: @Public() routes pass, all others need a valid
 * bearer token and one of the roles the route names. A route that names neither is refused
 * (and RouteAccessCheck stops the app from starting with one). Pages state their access with
 * @PageRoles(): the PageGuard checks their session; a bearer token never opens a page.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (this.reflector.getAllAndOverride<unknown>(PAGE_ACCESS_KEY, targets) !== undefined) {
      return true;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError(
        'unauthenticated',
        'AUTH.UNAUTHENTICATED',
        'A bearer token is required',
      );
    }
    request.actor = await this.auth.authenticate(token);
    if (!roles?.includes(request.actor.role)) {
      throw new DomainError(
        'forbidden',
        'AUTH.FORBIDDEN',
        `Role ${request.actor.role} may not call this route`,
        { requiredRoles: roles ?? [] },
      );
    }
    return true;
  }
}
