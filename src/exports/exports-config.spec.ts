import { ConfigValidationError, loadAppConfig } from '../config/app-config';

describe('export and weekly report settings', () => {
  it('defaults to .var/exports for 72 hours and Monday 08:00', () => {
    const config = loadAppConfig({});
    expect(config.exports).toEqual({ dir: '.var/exports', retentionHours: 72, sweepIntervalSeconds: 600, concurrency: 1 });
    expect(config.weeklyReport).toEqual({ enabled: true, weekday: 1, minute: 8 * 60 });
  });

  it('reads them from the environment', () => {
    const config = loadAppConfig({ EXPORT_DIR: '/srv/mesa/exports', EXPORT_RETENTION_HOURS: '24', WEEKLY_REPORT_WEEKDAY: '5', WEEKLY_REPORT_TIME: '17:30', WEEKLY_REPORT_ENABLED: 'false' });
    expect(config.exports.dir).toBe('/srv/mesa/exports');
    expect(config.exports.retentionHours).toBe(24);
    expect(config.weeklyReport).toEqual({ enabled: false, weekday: 5, minute: 17 * 60 + 30 });
  });

  it('names every bad value in Spanish', () => {
    let error: unknown;
    try {
      loadAppConfig({ EXPORT_RETENTION_HOURS: '0', WEEKLY_REPORT_WEEKDAY: '7', WEEKLY_REPORT_TIME: '24:00' });
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toEqual([
      'EXPORT_RETENTION_HOURS="0": se espera un número entero entre 1 y 8760',
      'WEEKLY_REPORT_WEEKDAY="7": se espera un número entero entre 0 y 6',
      'WEEKLY_REPORT_TIME="24:00": se espera una hora HH:MM de 00:00 a 23:59, p. ej. 08:00',
    ]);
  });
});
