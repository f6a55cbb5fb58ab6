import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertmanagerAccess, NOBODY } from '../../cli/stack/file-access.js';

describe('who reads alertmanager.yml (0600, may hold the bot token)', () => {
  it('as root on Linux: the files go to nobody, the user Alertmanager runs as', () => {
    assert.deepEqual(alertmanagerAccess('linux', 0, 0), { chownTo: NOBODY, dataInStateDir: false });
  });

  it('as another Linux user: the container runs as that user, its storage in the state folder', () => {
    assert.deepEqual(alertmanagerAccess('linux', 1000, 1000), { user: '1000:1000', dataInStateDir: true });
  });

  it('on Docker Desktop (macOS): nothing special, its file sharing lets the container read', () => {
    assert.deepEqual(alertmanagerAccess('darwin', 501, 20), { dataInStateDir: false });
  });
});
