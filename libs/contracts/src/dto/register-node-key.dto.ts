import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/**
 * `POST /nodes/{id}/keys`. Without `publicKey` the gateway makes the node a new key and keeps its
 * private part (rotation). With it, the key belongs to the node's own system, which signs the
 * messages it publishes on the bus itself; the gateway never sees its private part.
 */
export class RegisterNodeKeyDto {
  @ApiPropertyOptional({ description: 'SPKI PEM of an Ed25519 public key held by the node’s own system' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  publicKey?: string;
}
