import { DomainError, type VersionConflictPrefix } from '../common/domain-error.js';
import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { Tx } from './transactions.js';

/**
 * Optimistic locking: the row is updated only if it still has the version the client read.
 * TypeORM's update builder bumps the @VersionColumn itself. Losing a race is a 409 the client
 * resolves by reloading, never a silently lost update.
 */
export async function updateVersioned<E extends ObjectLiteral>(
  tx: Tx,
  entity: EntityTarget<E>,
  id: string | number,
  expectedVersion: number,
  changes: Partial<E>,
  codePrefix: VersionConflictPrefix,
): Promise<void> {
  const criteria = { id, version: expectedVersion } as unknown as FindOptionsWhere<E>;
  const result = await tx.manager.update(entity, criteria, changes);
  if (result.affected !== 1) {
    throw new DomainError(
      'conflict',
      `${codePrefix}.VERSION_CONFLICT`,
      `The record was changed by someone else (expected version ${expectedVersion}); reload and try again.`,
      { expectedVersion },
    );
  }
}
