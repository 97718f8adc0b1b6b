import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consumerGroupDescribeRequest, decodeConsumerGroupDescribe, decodeFindCoordinators, decodeListGroups, decodeOffsetFetch, findCoordinatorsRequest, listGroupsRequest, offsetFetchRequest } from '../../../src/kafka/group-requests.js';

// Responses captured from a Kafka 4.3.1 broker (the sandbox's LON) with a live KIP-848 console consumer in g848,
// a share group sg1, a classic group newgrp and MM2's connect group.
const LIST_GROUPS_V5 =
  '0000000000000005084e59432d6d6d3208636f6e6e65637407537461626c6508636c617373696300056738343809636f6e73756d657207537461626c6509636f6e73756d6572000473673106736861726506456d70747906736861726500076e65776772700106456d70747908636c61737369630000';
const CONSUMER_GROUP_DESCRIBE_V0 =
  '000000000003000000056738343807537461626c65000000020000000208756e69666f726d02177564495453396f4f513643356d33494633305868304100000000000211636f6e736f6c652d636f6e73756d65720b2f3132372e302e302e3102047031340102cb69620da3b140f99ac4335629592ef904703134030000000000000001000002cb69620da3b140f99ac4335629592ef904703134030000000000000001000000800000000000452647726f7570206e6577677270206973206e6f74206120636f6e73756d65722067726f75702e076e65776772700100000000000000000101800000000000';
// OffsetFetch v8 for ofg1 (committed 5 and 2^32 on oft-0 and oft-1) and ofg-none (no commits), captured from the
// same broker.
const OFFSET_FETCH_V8 = '000000000003056f66673102046f667403000000000000000000000005ffffffff01000000000000010000000100000000ffffffff0100000000000000096f66672d6e6f6e650100000000';

const body = async (encode: () => Promise<unknown>): Promise<string> => ((await encode()) as { buffer: Buffer }).buffer.toString('hex');

describe('group requests kafkajs lacks', () => {
  it('ListGroups v5: no filters, after the empty tagged fields of request header v2', async () => {
    const r = listGroupsRequest();
    assert.deepEqual([r.request.apiKey, r.request.apiVersion], [16, 5]);
    assert.equal(await body(r.request.encode), '00010100');
  });

  it('ListGroups v5 response: every group with its protocol type, state and group type', () => {
    assert.deepEqual(decodeListGroups(Buffer.from(LIST_GROUPS_V5, 'hex')), {
      errorCode: 0,
      groups: [
        { groupId: 'NYC-mm2', protocolType: 'connect', groupState: 'Stable', groupType: 'classic' },
        { groupId: 'g848', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' },
        { groupId: 'sg1', protocolType: 'share', groupState: 'Empty', groupType: 'share' },
        { groupId: 'newgrp', protocolType: '', groupState: 'Empty', groupType: 'classic' },
      ],
    });
  });

  it('ConsumerGroupDescribe v0 request: compact array of group ids, no authorized operations', async () => {
    const r = consumerGroupDescribeRequest(['g848', 'newgrp']);
    assert.deepEqual([r.request.apiKey, r.request.apiVersion], [69, 0]);
    assert.equal(await body(r.request.encode), `0003${'05' + Buffer.from('g848').toString('hex')}${'07' + Buffer.from('newgrp').toString('hex')}0000`);
  });

  it('ConsumerGroupDescribe v0 response: members with their assignments; GROUP_ID_NOT_FOUND for a classic group', () => {
    const [g848, classic] = decodeConsumerGroupDescribe(Buffer.from(CONSUMER_GROUP_DESCRIBE_V0, 'hex'));
    assert.deepEqual(g848, {
      errorCode: 0,
      errorMessage: null,
      groupId: 'g848',
      groupState: 'Stable',
      groupEpoch: 2,
      assignmentEpoch: 2,
      members: [{ memberId: 'udITS9oOQ6C5m3IF30Xh0A', memberEpoch: 2, clientId: 'console-consumer', clientHost: '/127.0.0.1', subscribedTopics: ['p14'], assignedTopics: ['p14'] }],
    });
    assert.deepEqual([classic.errorCode, classic.errorMessage, classic.groupId, classic.members], [69, 'Group newgrp is not a consumer group.', 'newgrp', []]);
  });

  it('OffsetFetch v8 request: every topic of each group (null topics), require-stable as asked', async () => {
    const r = offsetFetchRequest(['ofg1', 'ofg-none'], false);
    assert.deepEqual([r.request.apiKey, r.request.apiVersion], [9, 8]);
    // The request the captured answer below came from, after the empty tagged fields of request header v2.
    assert.equal(await body(r.request.encode), '0003056f6667310000096f66672d6e6f6e6500000000');
    // The stable read differs only in the require-stable byte before the request's tagged fields.
    assert.equal(await body(offsetFetchRequest(['ofg1', 'ofg-none'], true).request.encode), '0003056f6667310000096f66672d6e6f6e6500000100');
  });

  it('OffsetFetch v8 response: offsets per group (64-bit), and a group without commits answered empty', () => {
    assert.deepEqual(decodeOffsetFetch(Buffer.from(OFFSET_FETCH_V8, 'hex')), [
      {
        groupId: 'ofg1',
        errorCode: 0,
        partitions: [
          { topic: 'oft', partition: 0, offset: 5n, errorCode: 0 },
          { topic: 'oft', partition: 1, offset: 4294967296n, errorCode: 0 },
        ],
      },
      { groupId: 'ofg-none', errorCode: 0, partitions: [] },
    ]);
  });

  it('FindCoordinator v4 request: key type group, then every group id', async () => {
    const r = findCoordinatorsRequest(['g1', 'grp2']);
    assert.deepEqual([r.request.apiKey, r.request.apiVersion], [10, 4]);
    assert.equal(await body(r.request.encode), `0000${'03'}${'03' + Buffer.from('g1').toString('hex')}${'05' + Buffer.from('grp2').toString('hex')}00`);
  });

  it('FindCoordinator v4 response: each key with its coordinator or its error', () => {
    // Header tagged fields, throttle 0, two coordinators: g1 on node 2 (host "h", port 9092), grp2 loading (error 14).
    const entry = (key: string, node: number, code: number) =>
      `${(key.length + 1).toString(16).padStart(2, '0')}${Buffer.from(key).toString('hex')}${node.toString(16).padStart(8, '0')}0268${(9092).toString(16).padStart(8, '0')}${code.toString(16).padStart(4, '0')}0000`;
    const raw = Buffer.from(`000000000003${entry('g1', 2, 0)}${entry('grp2', 1, 14)}00`, 'hex');
    assert.deepEqual(decodeFindCoordinators(raw), [
      { key: 'g1', nodeId: 2, errorCode: 0, errorMessage: null },
      { key: 'grp2', nodeId: 1, errorCode: 14, errorMessage: null },
    ]);
  });
});
