import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ClientContext } from './signoff-decisions.service.js';

/** The caller's address (per TRUST_PROXY) and user agent: evidence of a decision. */
export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientContext => {
  const request = ctx.switchToHttp().getRequest<Request>();
  return {
    ip: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    userAgent: request.get('user-agent') ?? '',
  };
});
