/**
 * What to grant when the broker refuses an operation (an authorization error): the ACL resource and operation each
 * gateway call needs, as the README's least-privilege table lists them.
 */

/** [the operation's name as the gateway says it, the ACL(s) it needs]. The first whose pattern matches wins. */
const NEEDS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^commit offsets of group (.+)$/, (m) => `READ on GROUP ${m[1]} and READ on its topics`],
  [/^fetch offsets of group (.+)$/, (m) => `DESCRIBE on GROUP ${m[1]} and DESCRIBE on its topics`],
  [/^delete group (.+)$/, (m) => `DELETE on GROUP ${m[1]}`],
  [/^produce to (.+)$/, (m) => `WRITE on TOPIC ${m[1]}`],
  [/^create topic (.+)$/, (m) => `CREATE on TOPIC ${m[1]} (or on CLUSTER)`],
  [/^read (.+)-\d+$/, (m) => `READ on TOPIC ${m[1]}`],
  [/^read \d+ partitions$/, () => 'READ on the topics read'],
  [/^delete (records|topics)$/, () => 'DELETE on the topics in scope'],
  [/^describe topic configs$/, () => 'DESCRIBE_CONFIGS on the topics in scope'],
  [/^(describe ACLs|list groups)$/, () => 'DESCRIBE on CLUSTER'],
  [/^describe groups$/, () => 'DESCRIBE on the GROUPs'],
  [/^list offsets$/, () => 'DESCRIBE on the topics'],
];

/** The hint of an authorization error during `op` on `alias` as `principal` (null: not known). */
export function aclHint(op: string, alias: string, principal: string | null): string {
  const need = NEEDS.find(([re]) => re.test(op));
  const who = principal ? `User:${principal}` : "drctl's principal";
  return need ? `grant ${who} ${need[1](op.match(need[0])!)} on ${alias} (the README's least-privilege table lists what each command needs)` : `grant ${who} the ACLs this command needs on ${alias} (see the README's least-privilege table)`;
}
