/** Reading the MM2 properties file `drctl mirror doctor` diagnoses. */
import { readFileSync } from 'node:fs';
import { configError, usageError } from '../errors.js';
import { parseJavaProperties, toMap } from '../config/java-properties.js';

/** The file's settings as a lookup (values trimmed); exit 2 when it cannot be read or parsed. */
export function readMm2Settings(file: string): (key: string) => string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(`--mm2-config ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'pass the connect-mirror-maker.properties MM2 runs with');
  }
  try {
    const props = toMap(parseJavaProperties(text));
    return (k) => props.get(k)?.value.trim();
  } catch (e) {
    throw configError(file, '(syntax)', (e as Error).message);
  }
}
