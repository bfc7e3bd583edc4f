import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** One input field that was refused, and why (several reasons may apply). */
export class FieldProblemView {
  @ApiProperty({
    description: 'path of the field in the body or query, dotted (array elements by index)',
    example: 'body.itinerary.0.locode',
  })
  field: string;

  @ApiProperty({
    type: [String],
    example: ['locode: should be a 2-letter country and 3 letters or digits 2-9, like KZAAU'],
  })
  messages: string[];
}

/** Every error the API answers has this shape (http-exception.filter.ts); never a stack trace. */
export class ErrorAnswer {
  @ApiProperty({ description: 'the HTTP status, repeated', example: 400 })
  statusCode: number;

  @ApiProperty({ description: 'the status in words', example: 'Bad Request' })
  error: string;

  @ApiProperty({ description: 'what went wrong, for a person', example: 'invalid input' })
  message: string;

  @ApiPropertyOptional({
    description: 'a stable code for a program (INVALID_INPUT, NOT_FOUND, CONFLICT, UNAVAILABLE, ...)',
    example: 'INVALID_INPUT',
  })
  code?: string;

  @ApiPropertyOptional({ type: () => [FieldProblemView], description: 'on a 400: the fields that were wrong' })
  fields?: FieldProblemView[];

  @ApiProperty({
    description:
      'the request id, also in the logs and the X-Correlation-Id header: the caller’s own when it sent one (1 to 64 of A-Z, a-z, 0-9, . _ : -), else a UUID',
    example: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
  })
  correlationId: string;
}

/** The error statuses an operation can answer; 500 is not listed: it is never part of the contract. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

const ERRORS: Record<ErrorStatus, { description: string; example: Omit<ErrorAnswer, 'correlationId'> }> = {
  400: {
    description: 'the input was refused: `fields` names each field that was wrong and why',
    example: {
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid input',
      code: 'INVALID_INPUT',
      fields: [
        {
          field: 'body.itinerary.0.locode',
          messages: ['locode: should be a 2-letter country and 3 letters or digits 2-9, like KZAAU'],
        },
      ],
    },
  },
  401: {
    description: 'no bearer token, or one the exchange does not know',
    example: {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a valid bearer token is required',
      code: 'UNAUTHORIZED',
    },
  },
  403: {
    description: "the token's role may not do this, or its node is suspended, or its token revoked",
    example: {
      statusCode: 403,
      error: 'Forbidden',
      message: 'this action needs the role officer',
      code: 'FORBIDDEN',
    },
  },
  404: {
    description: 'no such object; one the caller may not see answers the same (DESIGN section 8)',
    example: { statusCode: 404, error: 'Not Found', message: 'node KZ-PCU-AKTAU not found', code: 'NOT_FOUND' },
  },
  409: {
    description: 'the request conflicts with the state of the object (already there, withdrawn, given)',
    example: {
      statusCode: 409,
      error: 'Conflict',
      message: 'node KZ-PCU-AKTAU is already registered',
      code: 'CONFLICT',
    },
  },
  413: {
    description: 'the body is larger than the gateway accepts (IREN_MAX_BODY_BYTES)',
    example: {
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'the request body is larger than 1048576 bytes',
      code: 'PAYLOAD_TOO_LARGE',
    },
  },
  429: {
    description: 'past the caller’s request or publishing budget; `Retry-After` says when to try again',
    example: {
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'too many requests: at most 600 a minute; retry after the time in Retry-After',
      code: 'RATE_LIMITED',
    },
  },
  503: {
    description: 'a service the request needs is down, or the registry cannot be followed; `Retry-After` seconds',
    example: {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'a service this request needs is unavailable; retry shortly',
      code: 'UNAVAILABLE',
    },
  },
};

/** What every operation behind a token can answer: no or a bad token, a refused role or node, a budget, an outage. */
const AUTHENTICATED: ErrorStatus[] = [401, 403, 429, 503];

export interface OperationDoc {
  /** The stable name clients call it by (`publishMessage`, `getInbox`). */
  id: string;
  summary: string;
  description?: string;
  /** Errors beyond those of every authenticated operation (401, 403, 429, 503). */
  errors?: ErrorStatus[];
  /** Open without a token: no security, and none of the token's errors. */
  public?: boolean;
}

/**
 * Documents one operation: its name and summary, the bearer token it needs (or none), and each
 * error it can answer with the one error shape. The success answer is documented beside it.
 */
export function ApiOperationDoc(doc: OperationDoc): MethodDecorator {
  const statuses = [...new Set([...(doc.public ? [] : AUTHENTICATED), ...(doc.errors ?? [])])].sort();
  return applyDecorators(
    ApiOperation({
      operationId: doc.id,
      summary: doc.summary,
      ...(doc.description !== undefined && { description: doc.description }),
      ...(doc.public && { security: [] }),
    }),
    ...(doc.public ? [] : [ApiBearerAuth()]),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: ERRORS[status].description,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/ErrorAnswer' },
            example: { ...ERRORS[status].example, correlationId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f' },
          },
        },
      }),
    ),
  );
}
