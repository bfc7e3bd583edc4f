import { randomUUID } from 'node:crypto';
import type { Envelope, PublishMessageDto } from '@iren/contracts';
import { addressingProblems, type RecipientDirectory } from '@iren/filters';
import { InvalidInputError, type FieldProblem } from '@iren/platform';

/**
 * The envelope the gateway makes of an officer's message, checked against the registry's
 * addressing rules: one construction for publishing and for the recipients preview, so the
 * preview shows what publishing would do.
 */
export function newEnvelope(origin: string, input: PublishMessageDto, directory: RecipientDirectory): Envelope {
  const envelope: Envelope = {
    id: randomUUID(),
    kind: input.kind,
    origin,
    createdAt: new Date().toISOString(),
    tlp: input.tlp,
    ...(input.handling && { handling: input.handling }),
    to: { nodes: input.to?.nodes ?? [], countries: input.to?.countries ?? [], groups: input.to?.groups ?? [] },
    ...(input.operation && { operation: input.operation }),
    body: input.body as unknown as Envelope['body'],
  };
  const problems = addressingProblems(envelope, directory);
  if (problems.length > 0) throw new InvalidInputError(problems.join('; '), fieldsOf(problems));
  return envelope;
}

/** Each problem reads `<field>: <what is wrong>`; group them under their field for the 400. */
export function fieldsOf(problems: string[]): FieldProblem[] {
  const byField = new Map<string, string[]>();
  for (const problem of problems) {
    const field = /^([\w.]+):/.exec(problem)?.[1] ?? 'to';
    byField.set(field, [...(byField.get(field) ?? []), problem]);
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}
