import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AclBinding } from '../../../src/kafka/gateway.js';
import { aclAllowsRead, missingReads } from '../../../src/status/acl-check.js';

const acl = (over: Partial<AclBinding>): AclBinding => ({ resourceType: 'topic', resourceName: 'NYC.orders', patternType: 'literal', principal: 'User:app', host: '*', operation: 'read', permission: 'allow', ...over });

describe('aclAllowsRead (Kafka authorizer semantics)', () => {
  it('literal, wildcard and prefixed resources; the principal or User:*; READ or ALL', () => {
    assert.equal(aclAllowsRead([acl({})], 'User:app', 'topic', 'NYC.orders'), true);
    assert.equal(aclAllowsRead([acl({ resourceName: '*' })], 'User:app', 'topic', 'NYC.anything'), true);
    assert.equal(aclAllowsRead([acl({ resourceName: 'NYC.', patternType: 'prefixed' })], 'User:app', 'topic', 'NYC.orders'), true);
    assert.equal(aclAllowsRead([acl({ principal: 'User:*', operation: 'all' })], 'User:app', 'topic', 'NYC.orders'), true);
    assert.equal(aclAllowsRead([acl({ principal: 'User:other' })], 'User:app', 'topic', 'NYC.orders'), false);
    assert.equal(aclAllowsRead([acl({ operation: 'other' })], 'User:app', 'topic', 'NYC.orders'), false);
    assert.equal(aclAllowsRead([acl({ resourceType: 'group' })], 'User:app', 'topic', 'NYC.orders'), false);
  });
  it('a DENY wins, and an ALLOW bound to one host does not count', () => {
    assert.equal(aclAllowsRead([acl({}), acl({ permission: 'deny', patternType: 'prefixed', resourceName: 'NYC' })], 'User:app', 'topic', 'NYC.orders'), false);
    assert.equal(aclAllowsRead([acl({ host: '10.0.0.7' })], 'User:app', 'topic', 'NYC.orders'), false);
  });
  it('lists what a group lacks', () => {
    assert.deepEqual(missingReads([acl({})], 'User:app', 'orders-svc', ['NYC.orders', 'NYC.refunds']), ['READ on group orders-svc', 'READ on topic NYC.refunds']);
    assert.deepEqual(missingReads([acl({}), acl({ resourceType: 'group', resourceName: 'orders-', patternType: 'prefixed' })], 'User:app', 'orders-svc', ['NYC.orders']), []);
  });
});
