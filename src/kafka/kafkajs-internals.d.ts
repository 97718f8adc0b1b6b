/**
 * The kafkajs 2.2.4 internals drctl imports (the version is pinned exactly). Static imports, not a runtime
 * `require`, so that the bundle (bin/bundle.js) holds one copy of kafkajs: a patch or a codec taken from a second
 * copy would miss the one the gateway uses. Each module's shape is narrowed where it is used.
 */
declare module 'kafkajs/src/protocol/encoder.js' {
  const Encoder: unknown;
  export default Encoder;
}
declare module 'kafkajs/src/protocol/decoder.js' {
  const Decoder: unknown;
  export default Decoder;
}
declare module 'kafkajs/src/protocol/error.js' {
  const errors: unknown;
  export default errors;
}
declare module 'kafkajs/src/network/requestQueue/index.js' {
  const RequestQueue: unknown;
  export default RequestQueue;
}
declare module 'kafkajs/src/protocol/messageSet/decoder.js' {
  const decodeMessageSet: unknown;
  export default decodeMessageSet;
}
