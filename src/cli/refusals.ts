/**
 * The stderr summary of groups a command did not change. Refused and failed groups are part of a command's result
 * (stdout, --json), but an operator or a CI log reading stderr must see at once why nothing, or not everything,
 * changed: every group refused is an error line with a hint (exit 3); some refused or failed, a warning (exit 5).
 */
import { palette, useColor } from './render.js';

/** What a command did or would do to one group. */
export interface GroupStatus {
  group: string;
  status: 'ok' | 'planned' | 'refused' | 'failed';
  reason: string | null;
  /** The group's own hint (an ACL to grant), in place of the command's. */
  hint?: string;
}

/** Write the summary to stderr (nothing when every group is fine); `fallbackHint` covers groups with no hint of their own. */
export function reportRefusals(groups: readonly GroupStatus[], fallbackHint: string): void {
  const bad = groups.filter((g) => g.status === 'refused' || g.status === 'failed');
  if (bad.length === 0) return;
  const hint = [...new Set(bad.map((g) => g.hint ?? fallbackHint))].join('; ');
  const what = bad.map((g) => `${g.group}: ${g.reason ?? g.status}`).join('; ');
  const color = useColor(process.stderr);
  if (bad.length === groups.length) {
    process.stderr.write(`${color ? palette.bad('error:') : 'error:'} nothing changed: ${bad.length === 1 ? 'the group was' : `all ${bad.length} groups were`} ${bad.every((g) => g.status === 'refused') ? 'refused' : 'refused or failed'}: ${what}\n`);
    process.stderr.write(`hint: ${hint}\n`);
  } else {
    process.stderr.write(`${color ? palette.warn('warning:') : 'warning:'} ${bad.length} of ${groups.length} groups not changed: ${what}\n`);
  }
}
