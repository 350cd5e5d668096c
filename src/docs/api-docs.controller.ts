import { createReadStream } from 'fs';
import { dirname, join } from 'path';
import { Controller, Get, Header, HttpStatus, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiError, notFound } from '../common/errors/api-error';
import { ApiDocsService } from './api-docs.service';
import { SWAGGER_UI_HTML, SWAGGER_UI_INIT_JS } from './swagger-ui-page';

/** Found the way @nestjs/swagger finds it (it depends on swagger-ui-dist), so both use the same copy. */
const SWAGGER_UI_DIST = dirname(require.resolve('swagger-ui-dist/package.json', { paths: [dirname(require.resolve('@nestjs/swagger'))] }));
const DIST_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/**
 * The OpenAPI document and Swagger UI, as ordinary Nest routes rather than
 * SwaggerModule.setup: its plain Express handlers would be invisible to the global
 * session guard (and to the route-guard test, which compares Nest's routes with
 * Express's). Here the guard applies as everywhere: no session, 401.
 */
@ApiTags('docs')
@Controller('api')
export class ApiDocsController {
  constructor(private readonly docs: ApiDocsService) {}

  @Get('docs-json')
  @ApiOperation({ summary: 'Documento OpenAPI de esta API' })
  @ApiOkResponse({ description: 'OpenAPI 3 (JSON)' })
  document(): OpenAPIObject {
    const document = this.docs.current();
    if (!document) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'DOCS_UNAVAILABLE', 'La documentación de la API no está disponible en este proceso.');
    return document;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'private, no-cache')
  @ApiOperation({ summary: 'Swagger UI: la documentación navegable' })
  @ApiProduces('text/html')
  page(): string {
    return SWAGGER_UI_HTML;
  }

  @Get('docs/:asset')
  @ApiOperation({ summary: 'Archivos de Swagger UI (hoja de estilos y scripts)' })
  @ApiProduces('text/css', 'text/javascript')
  asset(@Param('asset') asset: string, @Res({ passthrough: true }) response: Response): StreamableFile | string {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, max-age=3600');
    if (asset === 'swagger-ui-init.js') {
      response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      return SWAGGER_UI_INIT_JS;
    }
    const type = Object.prototype.hasOwnProperty.call(DIST_ASSETS, asset) ? DIST_ASSETS[asset] : undefined;
    if (!type) throw notFound('DOCS_ASSET_NOT_FOUND', 'No existe ese archivo de la documentación.');
    return new StreamableFile(createReadStream(join(SWAGGER_UI_DIST, asset)), { type });
  }
}
