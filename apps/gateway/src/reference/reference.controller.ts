import { Controller, Get, type OnModuleInit, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiOperationDoc } from '../http/api-answers';
import { HsSearchQueryDto, LocationSearchQueryDto } from './dto/reference-queries.dto';
import { type LocationMatch, prepareReferenceSearch, searchHs, searchLocations } from './reference-search';
import { HsEntryView, LocationView } from './reference.view';

/** The shipped reference data, searchable for the console's pickers: UN/LOCODE places and HS headings. */
@ApiTags('reference')
@Controller('reference')
export class ReferenceController implements OnModuleInit {
  /** The search indexes are built at start-up, not on the first query: see prepareReferenceSearch. */
  onModuleInit(): void {
    prepareReferenceSearch();
  }

  @Get('locations')
  @ApiOperationDoc({
    id: 'searchLocations',
    summary: 'UN/LOCODE places by name or by the start of their code, ports and airports first',
    errors: [400],
  })
  @ApiOkResponse({ type: [LocationView] })
  locations(@Query() query: LocationSearchQueryDto): LocationMatch[] {
    return searchLocations(query.q, query.limit);
  }

  @Get('hs')
  @ApiOperationDoc({
    id: 'searchHs',
    summary: 'HS 2022 chapters and headings by the start of their code or by words of their description',
    errors: [400],
  })
  @ApiOkResponse({ type: [HsEntryView] })
  hs(@Query() query: HsSearchQueryDto): HsEntryView[] {
    return searchHs(query.q, query.limit);
  }
}
