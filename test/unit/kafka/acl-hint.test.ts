import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aclHint } from '../../../src/kafka/acl-hint.js';

describe('aclHint: what to grant after an authorization error', () => {
  it('names the principal, the operation and the resource the refused call needs', () => {
    assert.equal(aclHint('commit offsets of group orders-svc', 'LON', 'drctl'), "grant User:drctl READ on GROUP orders-svc and READ on its topics on LON (the README's least-privilege table lists what each command needs)");
    assert.equal(aclHint('produce to drctl-canary', 'NYC', 'drctl'), "grant User:drctl WRITE on TOPIC drctl-canary on NYC (the README's least-privilege table lists what each command needs)");
    assert.match(aclHint('read NYC.orders-3', 'LON', 'drctl'), /^grant User:drctl READ on TOPIC NYC\.orders on LON/);
    assert.match(aclHint('delete records', 'NYC', 'drctl'), /^grant User:drctl DELETE on the topics in scope on NYC/);
    assert.match(aclHint('list groups', 'NYC', null), /^grant drctl's principal DESCRIBE on CLUSTER on NYC/);
  });

  it('falls back to the table for an operation it does not know', () => {
    assert.equal(aclHint('something new', 'NYC', 'drctl'), "grant User:drctl the ACLs this command needs on NYC (see the README's least-privilege table)");
  });
});
