import { Client } from 'pg';
import { toBogotaIso } from '../../src/common/time/bogota-time';
import { bogotaIsoSql, jsonBogotaIso, jsonBoolean, jsonObject, jsonString } from '../../src/tickets/json-sql';
import { connectTestDatabase, createTestDatabase } from '../support/test-database';

jest.setTimeout(60000);

/**
 * The queue list is written as JSON by PostgreSQL (json-sql.ts) where it used to be
 * JSON.stringify of objects: the bytes must be the same, whatever text a mail brings.
 */
describe('JSON written by PostgreSQL', () => {
  let db: Client;

  beforeAll(async () => {
    db = await connectTestDatabase(await createTestDatabase('json_sql'));
  });

  afterAll(async () => {
    await db?.end();
  });

  it('escapes any text exactly as JSON.stringify does', async () => {
    const texts = [
      'Solicitud: acceso "urgente" a SisPT',
      'C:\\ruta\\archivo.xlsx',
      'línea 1\nlínea 2\r\n\ttabulada',
      'controles \u0001\u0008\u000b\u000c\u001f y DEL \u007f',
      'ñandú, acentos áéíóú, ü, €, emoji 😀, separadores \u2028\u2029, no-break\u00a0space',
      '</script><script>alert(1)</script>',
      '',
    ];
    const { rows } = await db.query<{ json: string }>(`SELECT ${jsonString('t')} AS json FROM unnest($1::text[]) WITH ORDINALITY AS x (t, n) ORDER BY n`, [texts]);
    expect(rows.map((r) => r.json)).toEqual(texts.map((t) => JSON.stringify(t)));
    const nulls = await db.query<{ json: string }>(`SELECT ${jsonString('NULL::text')} AS json`);
    expect(nulls.rows[0].json).toBe('null');
  });

  it('writes objects with their keys in order and no spaces, as JSON.stringify does', async () => {
    const sql = jsonObject([
      ['reference', jsonString(`'MDA-2025-000001'::text`)],
      ['entity', jsonObject([['name', jsonString(`'Tunja "centro"'::text`)], ['code', jsonString('NULL::text')]])],
      ['hasAttachments', jsonBoolean('1 = 1')],
      ['version', `7::text`],
    ]);
    const { rows } = await db.query<{ json: string }>(`SELECT ${sql} AS json`);
    expect(rows[0].json).toBe(JSON.stringify({ reference: 'MDA-2025-000001', entity: { name: 'Tunja "centro"', code: null }, hasAttachments: true, version: 7 }));
  });

  it('writes instants as toBogotaIso writes the Date node-postgres reads them into', async () => {
    const { rows } = await db.query<{ at: Date; iso: string; json: string }>(
      `SELECT at, ${bogotaIsoSql('at')} AS iso, ${jsonBogotaIso('at')} AS json
         FROM (SELECT timestamptz '1965-01-01 00:00:00+00' + random() * interval '80 years' AS at FROM generate_series(1, 20000)
               UNION ALL SELECT date_trunc('second', timestamptz '2024-01-01 00:00:00+00' + random() * interval '3 years') FROM generate_series(1, 2000)
               UNION ALL SELECT date_trunc('milliseconds', timestamptz '2024-01-01 00:00:00+00' + random() * interval '3 years') FROM generate_series(1, 2000)
               UNION ALL VALUES (timestamptz '2024-12-31 23:59:59.999999-05'), (timestamptz '2025-01-01 05:00:00.000999+00'), (timestamptz '1993-04-04 00:00:00.5+00')) x`,
    );
    const wrong = rows.filter((r) => r.iso !== toBogotaIso(r.at) || r.json !== JSON.stringify(toBogotaIso(r.at)));
    expect(wrong).toEqual([]);
    const nulls = await db.query<{ json: string }>(`SELECT ${jsonBogotaIso('NULL::timestamptz')} AS json`);
    expect(nulls.rows[0].json).toBe('null');
  });
});
