/**
 * A flag that makes others meaningless (e.g. failover --plan, whose saved plan already settled what they choose)
 * must refuse them rather than ignore them silently. oclif's `exclusive` names only the first conflict it finds;
 * this names every flag the operator gave.
 */
import { usageError } from '../errors.js';

/** Refuse (exit 2) when any of `others` (flag names without dashes, as given) came with `flag`. */
export function refuseWithFlag(flag: string, others: readonly string[], why: string): void {
  if (others.length === 0) return;
  throw usageError(`${flag} cannot be combined with ${others.map((o) => `--${o}`).join(', ')}`, why);
}
