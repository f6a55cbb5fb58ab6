// One PostgreSQL major on both paths, and how `up` tells an image's major and refuses what
// cannot open the lab's data (the Docker side is test/e2e/postgres-major.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { firstTarEntry } from '../../cli/docker/volumes.js';
import { PG_MAJOR, postgres, postgresMajor } from '../../cli/services/postgres.js';
import { packageRoot } from '../../cli/stack/package-paths.js';

describe('one PostgreSQL major', () => {
  it('the default official image and the local build (images/postgres/Dockerfile) are the same major', () => {
    const dockerfile = readFileSync(path.join(packageRoot(), 'images', 'postgres', 'Dockerfile'), 'utf8');
    assert.equal(/^ENV PG_MAJOR=(\d+)$/m.exec(dockerfile)?.[1], String(PG_MAJOR));
    assert.match(dockerfile, new RegExp(`apt-get install -y postgresql-${PG_MAJOR};`));
    assert.equal(postgresMajor({ ref: postgres.image.default, env: [] }), String(PG_MAJOR));
  });

  it("an image's major: PG_MAJOR from its environment first, else its tag, else unknown", () => {
    assert.equal(postgresMajor({ ref: 'mirror.example/any:latest', env: ['PATH=/bin', 'PG_MAJOR=16'] }), '16');
    assert.equal(postgresMajor({ ref: 'postgres:18', env: [] }), '18');
    assert.equal(postgresMajor({ ref: 'registry.example:5000/library/postgres:17.2-bookworm', env: [] }), '17');
    assert.equal(postgresMajor({ ref: 'o11y-local/postgres:212892262370', env: [] }), undefined);
  });

  it('PostgreSQL 18 and later are refused clearly (PGDATA moved; the entrypoint refuses our volume path)', () => {
    const guard = postgres.dataVersion!;
    const refused = guard.unsupported?.('18', 'postgres:18');
    assert.match(refused?.message ?? '', /postgres:18 \(PostgreSQL 18\).*\/var\/lib\/postgresql\/18\/docker.*refuses a volume at \/var\/lib\/postgresql\/data/);
    assert.match(refused?.hint ?? '', new RegExp(`postgres:${PG_MAJOR}-bookworm`));
    assert.equal(guard.unsupported?.('16', 'postgres:16'), undefined);
  });

  it('the mismatch message names both majors and every way out, data loss said plainly', () => {
    const { message, hint } = postgres.dataVersion!.mismatch({ found: '16', wanted: '15', ref: 'o11y-local/postgres:abc', volume: 'lab_postgres-data' });
    assert.match(message, /made by PostgreSQL 16, and o11y-local\/postgres:abc is PostgreSQL 15.*Nothing was changed/);
    assert.match(hint, /images\.postgres: postgres:16-bookworm/);
    assert.match(hint, /pg_dumpall/);
    assert.match(hint, /o11y down --volumes` DELETES the lab's data/);
  });

  it('reads the first file of a tar archive (what the engine returns for PG_VERSION)', () => {
    const header = Buffer.alloc(512);
    header.write('PG_VERSION', 0);
    header.write('0000003\0', 124);
    header.write('0', 156);
    const body = Buffer.alloc(512);
    body.write('16\n');
    assert.equal(firstTarEntry(Buffer.concat([header, body, Buffer.alloc(1024)])), '16\n');
    assert.equal(firstTarEntry(Buffer.alloc(1024)), undefined);
  });
});
