/** Sleep for `ms`, waking early (within 100 ms) once `stopped()` is true: a loop's pause that a signal cuts short. */
export async function sleepUnless(ms: number, stopped: () => boolean): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end && !stopped();) await new Promise((r) => setTimeout(r, Math.min(100, end - Date.now())));
}
