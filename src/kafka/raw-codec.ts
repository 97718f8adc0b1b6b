/**
 * The plumbing of requests kafkajs 2.2.4 does not have: its own protocol encoder and decoder (internal classes, stable
 * because the version is pinned exactly), the shape of a request its connection sends, and its protocol errors.
 * Requests are "flexible" versions (compact strings and arrays, tagged fields). kafkajs writes request header v1, so
 * the body starts with the empty tagged-field section of header v2; the response header v1's tagged fields come first
 * in the response.
 */
import kafkajsDecoder from 'kafkajs/src/protocol/decoder.js';
import kafkajsEncoder from 'kafkajs/src/protocol/encoder.js';
import kafkajsErrors from 'kafkajs/src/protocol/error.js';

/** kafkajs's protocol codec classes (internal, stable: the version is pinned exactly). */
export interface Encoder {
  writeInt8(v: number): Encoder;
  writeBoolean(v: boolean): Encoder;
  writeInt32(v: number): Encoder;
  writeUVarInt(v: number): Encoder;
  writeUVarIntString(v: string): Encoder;
  writeUVarIntArray(v: Encoder[] | null): Encoder;
  /** Append raw bytes. */
  writeBuffer(v: Buffer): Encoder;
}
/** kafkajs's protocol decoder (internal). */
export interface Decoder {
  offset: number;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readUVarIntString(): string | null;
  readUVarIntArray<T>(reader: (d: Decoder) => T): T[] | null;
  readTaggedFields(): unknown;
}
/** kafkajs's Encoder class. */
export const EncoderClass = kafkajsEncoder as new () => Encoder;
/** kafkajs's Decoder class. */
export const DecoderClass = kafkajsDecoder as new (b: Buffer) => Decoder;
const { createErrorFromCode } = kafkajsErrors as { createErrorFromCode: (code: number) => Error & { type: string } };

/** A request as kafkajs's connection sends it: encode the body, decode and parse the answer. */
export interface RawRequest<T> {
  request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<Encoder> };
  response: { decode: (raw: Buffer) => Promise<T>; parse: (decoded: T) => Promise<T> };
}

/** The kafkajs protocol error for a Kafka error code (with its `type`, e.g. GROUP_AUTHORIZATION_FAILED). */
export const protocolError = (code: number, message?: string | null): Error & { type: string } => {
  const e = createErrorFromCode(code);
  if (message) e.message = `${e.message} (${message})`;
  return e;
};

/** Read a compact array of compact strings. */
export const strings = (d: Decoder): string[] => d.readUVarIntArray((x) => x.readUVarIntString() ?? '') ?? [];
/** A request body's start: request header v2's empty tagged fields (kafkajs writes header v1). */
export const header = (): Encoder => new EncoderClass().writeInt8(0);

/**
 * A request whose body drctl encodes into one buffer itself (`body`), answered by `decode` on the response body
 * (after the correlation id). kafkajs's connection parses nothing more: `decode` throws the protocol errors.
 */
export function bodyRequest<T>(api: { key: number; version: number }, apiName: string, body: () => Buffer, decode: (raw: Buffer) => T | Promise<T>): RawRequest<T> {
  return {
    request: { apiKey: api.key, apiVersion: api.version, apiName, encode: async () => new EncoderClass().writeBuffer(body()) },
    response: { decode: async (raw) => decode(raw), parse: async (r) => r },
  };
}
