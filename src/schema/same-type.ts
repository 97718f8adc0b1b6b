/**
 * Compile-time proof that a schema's output type is exactly an existing type. Where a type is older than its file
 * format and documented field by field (FailoverPlan, OffsetBackup), the schema is pinned to it with
 * `true satisfies SameType<z.output<typeof schema>, T>`: a field added to either side without the other stops the
 * build, so the file format and the type cannot drift apart.
 */

/** `true` when A and B are the same type (not merely assignable one way), else `false`. */
export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? ((<T>() => T extends B ? 1 : 2) extends <T>() => T extends A ? 1 : 2 ? true : false) : false;
