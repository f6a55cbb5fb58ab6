// Service names as users type them (`up --services`, `logs <service...>`).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseServices } from '../../cli/lab/parse-services.js';

it('parseServices trims and checks names; an empty list means all', () => {
  assert.deepEqual(parseServices('app, prometheus'), ['app', 'prometheus']);
  assert.equal(parseServices(''), undefined);
  assert.equal(parseServices(undefined), undefined);
  assert.throws(() => parseServices('app,prometheus2'), /Unknown service "prometheus2"/);
});
