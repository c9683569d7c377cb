import type { OpenAPIObject } from '@nestjs/swagger';

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  responses: Record<string, unknown>;
  'x-roles'?: string[];
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** RFC 9457 problem details as every error answer carries them, with the stable `code`. */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:freigabe:problem:validation.failed' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable error code, e.g. INVOICE.ALREADY_ISSUED' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** "InvoicesController_updateSeries" → "Update series". */
function summaryOf(operation: Operation): string {
  const handler = (operation.operationId ?? '').split('_').pop() ?? '';
  const words = handler.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What an integrator reads first: every operation gets a summary (its handler's name where it
 * has none of its own), the roles that may call it (`x-roles`, also in the description) and its
 * problem+json error answers with the codes they carry.
 */
export function describeOperations(document: OpenAPIObject): void {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const roles = operation['x-roles'] ?? [];
      const open = roles.includes('public');
      operation.summary = operation.summary ?? summaryOf(operation);
      const who = open ? 'Public: no login needed.' : `Roles: ${roles.join(', ')}.`;
      operation.description = operation.description ? `${operation.description}\n\n${who}` : who;
      const errors: Record<string, unknown> = {
        400: problem('Bad input: `VALIDATION.FAILED` with `errors[]` naming each field'),
      };
      if (!open) {
        errors[401] = problem('No or an invalid bearer token: `AUTH.UNAUTHENTICATED`');
        errors[403] = problem('The caller’s role may not do this: `AUTH.FORBIDDEN`');
      }
      if (path.includes('{')) {
        errors[404] = problem('Unknown, or someone else’s: `<ENTITY>.NOT_FOUND`');
      }
      if (method !== 'get') {
        errors[409] = problem(
          'Wrong state or a stale version: e.g. `PROJECT.INVALID_ACTION`, `*.VERSION_CONFLICT`',
        );
        errors[422] = problem(
          'A business rule refuses it: the module’s code, e.g. `INVOICE.INCOMPLETE`',
        );
      }
      operation.responses = { ...errors, ...operation.responses };
    }
  }
}
