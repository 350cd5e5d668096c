import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchQuery } from './dto/search.query';
import { SearchResultsView } from './dto/search-result.view';
import { SearchService } from './search.service';

/** Any signed-in role may search every ticket: agents look across queues when an official calls. */
@ApiTags('search')
@Controller('api/search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Get()
  @ApiOperation({
    summary: 'Búsqueda de texto completo en español sobre los tickets',
    description:
      'Busca en referencia, asunto, remitente, entidad y el texto de los correos, sin importar tildes. ' +
      'Una referencia o dirección exacta va primero; luego, entre las coincidencias más recientes, las más relevantes.',
  })
  @ApiOkResponse({ type: SearchResultsView })
  search(@Query() query: SearchQuery): Promise<SearchResultsView> {
    return this.searchService.search(query);
  }
}
