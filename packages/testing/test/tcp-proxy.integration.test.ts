import { Client } from 'pg';
import { infraEnv, TcpProxy } from '../src';

describe('TcpProxy', () => {
  it('makes PostgreSQL unreachable through the proxy on cut and reachable again on restore', async () => {
    const url = new URL(infraEnv().databaseUrl);
    const proxy = new TcpProxy(url.hostname, Number(url.port));
    const port = await proxy.start();
    const connect = async () => {
      const viaProxy = new URL(url);
      viaProxy.host = `127.0.0.1:${port}`;
      const client = new Client({ connectionString: viaProxy.toString(), connectionTimeoutMillis: 2000 });
      await client.connect();
      const result = await client.query('select 1 as one');
      await client.end();
      return result.rows[0].one;
    };
    try {
      expect(await connect()).toBe(1);
      await proxy.cut();
      await expect(connect()).rejects.toThrow();
      await proxy.restore();
      expect(proxy.port).toBe(port);
      expect(await connect()).toBe(1);
    } finally {
      await proxy.stop();
    }
  });
});
