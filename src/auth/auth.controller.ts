import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiError } from '../common/errors/api-error';
import { CurrentActor, Public } from './auth.decorators';
import type { SessionActor } from './auth.types';
import { AuthService } from './auth.service';
import { clientAddress } from './client-address';
import { LoginBody } from './dto/login.body';
import { SessionView } from './dto/session.view';
import { SESSION_COOKIE } from './session-token';
import { SessionStore } from './session.store';

/**
 * Sign-in for the web UI and API clients. The session lives in an httpOnly cookie;
 * the CSRF token in the answer goes back as X-CSRF-Token on every change.
 */
@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionStore,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  async login(@Body() body: LoginBody, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionView> {
    // Login needs no session and so no CSRF token; requiring JSON keeps cross-site HTML forms
    // (which cannot send it without a CORS preflight we never grant) from signing a browser into another account.
    if (!request.is('application/json')) {
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', 'Envíe el inicio de sesión como JSON (Content-Type: application/json).');
    }
    const cookies = request.cookies as Record<string, unknown> | undefined;
    const previous = cookies?.[SESSION_COOKIE];
    const { token, ...view } = await this.auth
      .login({
        email: body.email,
        password: body.password,
        address: clientAddress(request),
        userAgent: request.get('user-agent') ?? null,
        previousToken: typeof previous === 'string' && previous !== '' ? previous : null,
      })
      .catch((error: unknown) => {
        // Standard clients back off on Retry-After; the body says the same in Spanish.
        if (error instanceof ApiError && error.code === 'LOGIN_RATE_LIMITED') {
          response.setHeader('Retry-After', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
        }
        throw error;
      });
    // No Max-Age: the browser drops it when closed; the server ends it after SESSION_IDLE_HOURS unused.
    // Secure follows the request: HTTPS directly, or X-Forwarded-Proto when TRUST_PROXY allows it.
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/' });
    return view;
  }

  /** Who is signed in, and the CSRF token (the UI calls it on load). */
  @Get('session')
  session(@CurrentActor() actor: SessionActor): Promise<SessionView> {
    return this.sessionView(actor);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@CurrentActor() actor: SessionActor, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(actor);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  private async sessionView(actor: SessionActor): Promise<SessionView> {
    return {
      user: { id: actor.userId, email: actor.email, name: actor.name, role: actor.role },
      csrfToken: await this.sessions.csrfTokenOf(actor.sessionId),
    };
  }
}
