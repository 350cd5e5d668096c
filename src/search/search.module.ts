import { Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { LexemeDictionary } from './lexeme-dictionary';
import { SearchService } from './search.service';

@Module({
  providers: [SearchService, LexemeDictionary],
  controllers: [SearchController],
})
export class SearchModule {}
