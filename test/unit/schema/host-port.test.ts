import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostPortProblem, splitServers } from '../../../src/schema/host-port.js';

describe('hostPortProblem', () => {
  const good = ['kafka-1.nyc.example.com:9092', 'n:1', 'n:65535', '10.0.0.1:9092', '[::1]:9092', '[fe80::1]:9093'];
  for (const s of good) it(`accepts ${s}`, () => assert.equal(hostPortProblem(s), undefined));
  const bad: [string, RegExp][] = [
    ['nyc-kafka', /^"nyc-kafka" is not host:port$/],
    ['nyc-kafka:', /the port must be a number from 1 to 65535/],
    ['nyc-kafka:x', /the port must be a number from 1 to 65535/],
    ['n:0', /the port must be a number from 1 to 65535/],
    ['n:65536', /the port must be a number from 1 to 65535/],
    ['n:123456', /the port must be a number from 1 to 65535/],
    [':9092', /is not host:port/],
    ['a b:9092', /is not host:port/],
    ['::1:9092', /is not host:port/],
  ];
  for (const [s, re] of bad) it(`refuses ${JSON.stringify(s)}`, () => assert.match(hostPortProblem(s) ?? '', re));
});

describe('splitServers', () => {
  it('splits on commas and drops blanks, as Kafka does', () => assert.deepEqual(splitServers(' a:1 ,, b:2 , '), ['a:1', 'b:2']));
});
