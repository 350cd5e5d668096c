import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginAttemptsStore } from './login-attempts.store';
import { SessionGuard } from './session.guard';
import { SessionStore } from './session.store';

@Module({
  imports: [UsersModule],
  providers: [SessionStore, LoginAttemptsStore, AuthService, { provide: APP_GUARD, useClass: SessionGuard }],
  controllers: [AuthController],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Express decides req.ip and req.secure from X-Forwarded-* only as far as TRUST_PROXY allows. */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as { getInstance?: () => unknown } | undefined;
    const express = adapter?.getInstance?.() as { set?: (name: string, value: unknown) => void } | undefined;
    express?.set?.('trust proxy', this.config.auth.trustProxy);
  }
}
