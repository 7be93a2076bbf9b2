import request from 'supertest';
import { z } from 'zod';
import { finalize, validate } from '../src';
import { closeAll, kitApp, serve } from './support';

afterAll(closeAll);

function app() {
  const kit = kitApp();
  kit.app.post(
    '/sources/:id',
    validate({
      params: z.object({ id: z.uuid() }),
      query: z.object({ limit: z.coerce.number().int().max(100).default(20) }),
      body: z.object({ url: z.url(), tags: z.array(z.string().min(1)).max(3) }),
    }),
    (req, res) => {
      // Typed by validate(): number, string, string[].
      const limit: number = req.query.limit;
      const tags: string[] = req.body.tags;
      res.json({ id: req.params.id, limit, tags, url: req.body.url });
    },
  );
  finalize(kit.app);
  return kit.app;
}

describe('validate', () => {
  const id = '7c8f3a52-54f2-4c5e-9d7c-6f1d7f4a2b10';

  it('hands the parsed, defaulted values to the handler', async () => {
    const response = await request(await serve(app())).post(`/sources/${id}`).send({ url: 'https://example.org/feed', tags: ['a'] }).expect(200);
    expect(response.body).toEqual({ id, limit: 20, tags: ['a'], url: 'https://example.org/feed' });
  });

  it('lists every problem with its path in one 400 problem', async () => {
    const response = await request(await serve(app()))
      .post('/sources/not-a-uuid?limit=500')
      .send({ url: 'nope', tags: ['', 'b', 'c', 'd'] })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'validation-failed', detail: 'The request is invalid' });
    const paths = (response.body.errors as string[]).map((line) => line.split(':')[0]);
    expect(paths).toEqual(['params.id', 'query.limit', 'body.url', 'body.tags.0', 'body.tags']);
  });

  it('treats a missing body as an empty object so required fields are named', async () => {
    const response = await request(await serve(app())).post(`/sources/${id}`).expect(400);
    expect(response.body.errors).toEqual([expect.stringMatching(/^body\.url: /), expect.stringMatching(/^body\.tags: /)]);
  });
});
