// The resolve hook of record-imports.mjs (it runs off the main thread): each resolved URL goes back through a port.
let port;
export function initialize(data) {
  port = data.port;
}
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}
