import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Role } from '../../common/access.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { clearSessionCookie, setSessionCookie } from '../../web/web-cookies.js';
import { WebSessionsService } from '../../web/web-sessions.service.js';
import { AuthService } from '../auth.service.js';
import type { PageLoginDto } from './auth-pages.dto.js';
import { assertLoginCsrf, loginCsrfToken } from './login-csrf.js';

/** Where each role lands after login and on `/`. */
const HOME: Record<Role, string> = {
  admin: '/console',
  consultant: '/console',
  finance: '/console',
  customer: '/portal',
};

export const homeFor = (role: Role) => HOME[role];

/** Login and logout for the web app: the API's credential check, a session instead of a token. */
@Injectable()
export class WebLoginService {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: WebSessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A new session for every login (the old one, if any, ends): a session id planted before
   * login is never the one that is logged in. Answers 303 to `next` or home.
   */
  async login(dto: PageLoginDto, previousSessionId: string | null, req: Request, res: Response) {
    assertLoginCsrf(req, dto._csrf);
    const userId = await this.auth.verifyPageLogin(dto);
    if (previousSessionId) await this.sessions.end(previousSessionId);
    const token = await this.sessions.start(userId);
    setSessionCookie(res, token, this.secure);
    const user = await this.auth.pageUser(userId);
    res.redirect(303, safeNext(dto.next) ?? homeFor(user!.actor.role));
  }

  /** The login form's CSRF token (and its cookie). */
  formToken(req: Request, res: Response): string {
    return loginCsrfToken(req, res, this.secure);
  }

  async logout(sessionId: string, res: Response) {
    await this.sessions.end(sessionId);
    clearSessionCookie(res, this.secure);
    res.redirect(303, '/login?notice=loggedOut');
  }

  private get secure(): boolean {
    return this.config.env === 'production';
  }
}

/** Only a path of this app: `//evil.example` or `https://…` would send the user away. */
function safeNext(next: string | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return null;
  }
  return next;
}
