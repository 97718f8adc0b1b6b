/**
 * oclif's parse errors span several lines ("The following errors occurred:", one reason per line, "See more help with
 * --help"); drctl prints an error as one line and a hint, so the reasons are joined into that one line.
 */

/** oclif's lines that say nothing about what is wrong: a header before the reasons, and a pointer to --help. */
const NOISE = [/^The following errors? occurred:?$/i, /^See more help with --help\.?$/i];

/**
 * The whole reason of an oclif parse error on one line: noise dropped, "Parsing --flag" joined to its reason with a
 * colon, several reasons joined with "; ", runs of whitespace (oclif indents and aligns) collapsed.
 */
export function oneLineParseError(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '' && !NOISE.some((re) => re.test(l)))
    // oclif names a missing flag without its dashes, unlike everywhere else: "Missing required flag new-primary".
    .map((l) => l.replace(/^Missing required flag ([\w-]+)$/, 'Missing required flag --$1'));
  const parts: string[] = [];
  for (const line of lines) {
    const prev = parts.at(-1);
    // "Parsing --count" and "Missing 1 required arg:" introduce the line after them rather than being reasons.
    if (prev !== undefined && (/^Parsing --\S+$/.test(prev) || prev.endsWith(':'))) parts[parts.length - 1] = `${prev.replace(/:$/, '')}: ${line}`;
    else parts.push(line);
  }
  return parts.join('; ') || message.trim();
}
