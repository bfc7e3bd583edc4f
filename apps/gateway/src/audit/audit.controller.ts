import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { RPC } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { RpcClient } from '../registry/registry-client';
import { ApiOperationDoc } from '../http/api-answers';
import { AuditService } from './audit.service';
import {
  AuditEventsPageView,
  AuditPublicKeyView,
  CheckpointView,
  ConsistencyProofView,
  InclusionProofView,
  LedgerVerificationView,
} from './audit.view';
import { AuditEventsExportDto } from './dto/audit-events-export.dto';
import { ConsistencyProofQueryDto, InclusionProofQueryDto } from './dto/proof-queries.dto';

/**
 * The exchange ledger through the audit service: its entries (coordinators and the admin
 * network-wide, an officer their own node's), its signed checkpoint and proofs (anyone
 * authenticated), and the tamper check (admin).
 */
@ApiTags('audit')
@ApiExtraModels(AuditEventsPageView)
@Controller('audit')
export class AuditController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
  ) {}

  @Get('events')
  @Roles('coordinator', 'admin', 'officer')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperationDoc({
    id: 'listAuditEvents',
    summary: 'Ledger entries, filtered by node, country, kind and time; JSON pages or a CSV export',
    description:
      'Coordinators and the admin see the whole network; an officer only the entries concerning their own node, with what the messages withheld from it removed (`redacted`). `format=csv` answers a CSV file; `X-Next-Cursor` then gives the cursor to continue from.',
    errors: [400],
  })
  @ApiOkResponse({
    description: 'a page of entries, or the CSV export',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditEventsPageView) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async events(
    @Query() query: AuditEventsExportDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() cid: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    if (query.format !== 'csv') return this.audit.events(principal, query, cid);
    const { csv, next } = await this.audit.exportCsv(principal, query, cid);
    if (next !== null) res.setHeader('X-Next-Cursor', next);
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="audit-events.csv"');
    return csv;
  }

  @Get('checkpoint')
  @ApiOperationDoc({
    id: 'getCheckpoint',
    summary: 'The ledger’s latest signed checkpoint (size, root hash, signature)',
    description: '404 until the audit service signed its first checkpoint.',
    errors: [404],
  })
  @ApiOkResponse({ type: CheckpointView })
  checkpoint(@CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.latestCheckpoint, {}, cid);
  }

  @Get('public-key')
  @ApiOperationDoc({ id: 'getAuditPublicKey', summary: 'The key the audit service signs checkpoints with' })
  @ApiOkResponse({ type: AuditPublicKeyView })
  publicKey(@CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.auditPublicKey, {}, cid);
  }

  @Get('proofs/inclusion')
  @ApiOperationDoc({
    id: 'getInclusionProof',
    summary: 'Proof that entry `index` is in the ledger of `size` entries (RFC 9162)',
    errors: [400],
  })
  @ApiOkResponse({ type: InclusionProofView })
  inclusion(@Query() query: InclusionProofQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.inclusionProof, query, cid);
  }

  @Get('proofs/consistency')
  @ApiOperationDoc({
    id: 'getConsistencyProof',
    summary: 'Proof that the ledger of `to` entries extends the one of `from` entries (RFC 9162)',
    errors: [400],
  })
  @ApiOkResponse({ type: ConsistencyProofView })
  consistency(@Query() query: ConsistencyProofQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.consistencyProof, query, cid);
  }

  @Post('verify')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperationDoc({
    id: 'verifyLedger',
    summary: 'Check every ledger entry against its hashes and the signed checkpoint (admin)',
  })
  @ApiOkResponse({ type: LedgerVerificationView })
  verify(@CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.verifyLedger, {}, cid);
  }
}
