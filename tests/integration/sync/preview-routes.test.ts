import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptPreviewAnswer, PreviewAnswer } from '../../../shared/api/preview';
import { type ApiHarness, startApiHarness } from '../api/api-harness';

describe('POST /api/v1/sync/preview and /sync/accept-preview', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(() => h.close());

  it('answers the preview per object (the demo Lead contacts in a Lead column of their own), with the sandbox needing no acceptance', async () => {
    const res = await h.send('POST', '/sync/preview', {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as PreviewAnswer;
    expect(body.objects.map((o) => o.sfObject)).toEqual(['Account', 'Contact', 'Lead', 'Opportunity']);
    expect(body).toMatchObject({ required: false, accepted: false });
  });

  it('records the acceptance and reports it in the next preview', async () => {
    const res = await h.send('POST', '/sync/accept-preview', {});
    expect(res.status).toBe(200);
    const accepted = (await res.json()) as AcceptPreviewAnswer;
    expect(accepted.accepted).toBe(true);
    const next = (await (await h.send('POST', '/sync/preview', {})).json()) as PreviewAnswer;
    expect(next).toMatchObject({ accepted: true, acceptedAt: accepted.acceptedAt });
  });

  it('refuses a request without the pairing token', async () => {
    const res = await fetch(`${h.running.proxy.url}/api/v1/sync/preview`, { method: 'POST' });
    expect(res.status).toBe(401);
  });
});
