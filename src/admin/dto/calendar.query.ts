import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR } from '../../calendar/colombian-holidays';

export class CalendarQuery {
  @ApiPropertyOptional({
    description: `Año (AAAA) entre ${FIRST_HOLIDAY_YEAR} y ${LAST_HOLIDAY_YEAR}; por omisión, el año en curso en Bogotá.`,
    example: 2024,
    minimum: FIRST_HOLIDAY_YEAR,
    maximum: LAST_HOLIDAY_YEAR,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year debe ser un año de cuatro cifras, p. ej. 2024' })
  // The holiday rules (Ley Emiliani) start in 1984; the business calendar stops at 2199.
  @Min(FIRST_HOLIDAY_YEAR, { message: `year no puede ser anterior a ${FIRST_HOLIDAY_YEAR}` })
  @Max(LAST_HOLIDAY_YEAR, { message: `year no puede ser posterior a ${LAST_HOLIDAY_YEAR}` })
  year?: number;
}
