import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ReasonedVersionedBody } from '../../common/dto/actor.body';
import { ROUTING_CATEGORIES, RoutingCategory } from '../../routing/routing.types';

export class ChangeCategoryBody extends ReasonedVersionedBody {
  @ApiProperty({ enum: ROUTING_CATEGORIES })
  @IsIn(ROUTING_CATEGORIES as unknown as string[], { message: `category debe ser una de: ${ROUTING_CATEGORIES.join(', ')}` })
  category!: RoutingCategory;
}
