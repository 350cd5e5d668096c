import { INestApplication } from '@nestjs/common';

/**
 * What Express actually serves (Nest's router), as `GET /api/tickets/:reference`: a route
 * added outside a Nest controller shows up here and nowhere in Nest's metadata.
 */
export function servedRoutes(app: INestApplication): string[] {
  const instance = app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  const keys: string[] = [];
  for (const layer of instance.router.stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') keys.push(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return keys.sort((a, b) => a.localeCompare(b));
}
