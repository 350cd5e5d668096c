import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@Controller('api/health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly checks: HealthCheckService,
    private readonly health: HealthService,
  ) {}

  /**
   * 200 when PostgreSQL and Redis answer, 503 otherwise, in terminus' shape
   * ({status, info, error, details}) either way: the API's error filter would turn
   * the 503 into its {code, message} shape and lose the details, so it is answered here.
   */
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Estado del servicio: PostgreSQL, Redis, buzones y cola de envío (pública)' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.checks.check([
        () => this.health.database(),
        () => this.health.redisCheck(),
        () => this.health.mailboxes(),
        () => this.health.outbound(),
      ]);
    } catch (error: unknown) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.entries(result.error ?? {}).map(([key, value]) => `${key}: ${String((value as { message?: unknown }).message ?? 'caído')}`);
      this.logger.warn(`Servicio degradado: ${failing.join('; ')}`);
      response.status(503);
      return result;
    }
  }
}
