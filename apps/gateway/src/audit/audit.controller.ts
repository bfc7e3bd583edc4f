import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RPC } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { RpcClient } from '../registry/registry-client';
import { AuditService } from './audit.service';
import { AuditEventsExportDto } from './dto/audit-events-export.dto';
import { ConsistencyProofQueryDto, InclusionProofQueryDto } from './dto/proof-queries.dto';

/**
 * The exchange ledger through the audit service: its entries (coordinators and the admin
 * network-wide, an officer their own node's), its signed checkpoint and proofs (anyone
 * authenticated), and the tamper check (admin).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
  ) {}

  @Get('events')
  @Roles('coordinator', 'admin', 'officer')
  @ApiProduces('application/json', 'text/csv')
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
  checkpoint(@CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.latestCheckpoint, {}, cid);
  }

  @Get('public-key')
  publicKey(@CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.auditPublicKey, {}, cid);
  }

  @Get('proofs/inclusion')
  inclusion(@Query() query: InclusionProofQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.inclusionProof, query, cid);
  }

  @Get('proofs/consistency')
  consistency(@Query() query: ConsistencyProofQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.consistencyProof, query, cid);
  }

  @Post('verify')
  @HttpCode(200)
  @Roles('admin')
  verify(@CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.verifyLedger, {}, cid);
  }
}
