import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';

export const ROLES = ['admin', 'consultant', 'finance', 'customer'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['admin', 'consultant', 'finance'];

/** Who is calling: every service method that reads or changes data takes one. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** Set for (and only for) customer users: all their queries are scoped to it. */
  customerId: string | null;
}

export const ROLES_KEY = 'freigabe:roles';
export const PUBLIC_KEY = 'freigabe:public';

/** The roles, also written into the OpenAPI operation (`x-roles`) for integrators. */
const access = (roles: readonly string[], metadata: ReturnType<typeof SetMetadata>) =>
  applyDecorators(metadata, ApiExtension('x-roles', roles));

/** The roles that may call a route. Every route states this or @Public(). */
export const Roles = (...roles: Role[]) => access(roles, SetMetadata(ROLES_KEY, roles));
/** Any authenticated user. */
export const AnyRole = () => access(ROLES, SetMetadata(ROLES_KEY, [...ROLES]));
export const StaffOnly = () => access(STAFF_ROLES, SetMetadata(ROLES_KEY, [...STAFF_ROLES]));
export const Public = () => access(['public'], SetMetadata(PUBLIC_KEY, true));

export type RequestWithActor = Request & { actor?: Actor };

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

export function isStaff(actor: Actor): boolean {
  return actor.role !== 'customer';
}

/** Whether `actor` may see records of `customerId`: staff see all, customers their own. */
export function canSeeCustomer(
  actor: Pick<Actor, 'role' | 'customerId'>,
  customerId: string,
): boolean {
  return actor.role !== 'customer' || actor.customerId === customerId;
}

/**
 * Pages (the web app) are reached with a session cookie, not a bearer token: the JWT guard lets
 * a route through when it carries page access metadata, and the page guard checks it instead.
 * The JWT API never reads the cookie, so it has no CSRF surface.
 */
export const PAGE_ACCESS_KEY = 'freigabe:page-access';
/** Marks a page controller: every route in it must state its page access. */
export const PAGE_CONTROLLER_KEY = 'freigabe:page-controller';
/** The roles that may open a page, or 'anonymous' for the login page. */
export type PageAccess = readonly Role[] | 'anonymous';
