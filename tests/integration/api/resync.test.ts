import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorDetail, ErrorsPage, JobProgress, ResyncOutcomeItem } from '../../../shared/api/errors';
import { type ApiHarness, startApiHarness } from './api-harness';

describe('resync over the health API on the sandbox after a demo sync', () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await startApiHarness();
  });
  afterEach(() => h.close());

  const list = async (query: string) =>
    ((await (await h.get(`/errors?${query}`)).json()) as ErrorsPage).items;
  const resync = async (errorIds: string[]) => {
    const res = await h.send('POST', '/resync', { errorIds });
    expect(res.status).toBe(200);
    return ((await res.json()) as { outcomes: ResyncOutcomeItem[] }).outcomes;
  };
  // Salesforce names no rule in its answer, only the rule's message (DEMO.md: Website_Must_Be_Https).
  const httpsRuleErrors = async () =>
    (await list('category=custom-code&limit=500')).filter((e) => e.message.includes('https://'));

  it('resolves the chosen errors once their validation rule is turned off in the org', async () => {
    const errors = await httpsRuleErrors();
    expect(errors.length).toBeGreaterThan(0);
    const customCode = async () =>
      (await h.store.summary()).categories.find((c) => c.category === 'custom-code')!.openErrors;
    const openBefore = await customCode();
    h.running.sandboxes.salesforce.control.setRuleActive('Account', 'Website_Must_Be_Https', false);

    const outcomes = await resync(errors.map((e) => e.id));
    expect(outcomes).toEqual(errors.map((e) => ({ id: e.id, outcome: 'resolved', status: 200 })));
    const detail = (await (await h.get(`/errors/${errors[0]!.id}`)).json()) as ErrorDetail;
    expect(detail.error.status).toBe('resolved');
    // (Contacts the fixed companies held back are released too: that shows in associations, not here.)
    expect(await customCode()).toBe(openBefore - errors.length);
  });

  it('answers failing with the error Salesforce still gives when nothing was fixed', async () => {
    const podcast = (await list('q=Podcast&limit=500')).filter((e) => e.value === 'Podcast');
    expect(podcast.length).toBeGreaterThan(0);

    const outcomes = await resync(podcast.map((e) => e.id));
    for (const o of outcomes) {
      expect(o).toMatchObject({ outcome: 'failing', status: 200 });
      expect(o.error?.message).toContain('Podcast');
      const now = (await (await h.get(`/errors/${o.error?.errorId}`)).json()) as ErrorDetail;
      expect(now.error).toMatchObject({ status: 'open', value: 'Podcast' });
    }
    expect((await list('q=Podcast&limit=500')).filter((e) => e.value === 'Podcast').length).toBe(
      podcast.length,
    );
  });

  it('answers 404 for an unknown id inside a batch and still resyncs the known ones', async () => {
    const [known] = await httpsRuleErrors();
    h.running.sandboxes.salesforce.control.setRuleActive('Account', 'Website_Must_Be_Https', false);

    const outcomes = await resync(['999999', known!.id]);
    expect(outcomes[0]).toMatchObject({ id: '999999', outcome: 'not-found', status: 404 });
    expect(outcomes[0]!.error?.message).toContain('999999');
    expect(outcomes[1]).toEqual({ id: known!.id, outcome: 'resolved', status: 200 });
  });

  it('queues a resync of a whole category as a job whose progress ends with every error accounted for', async () => {
    const picklists = await list('category=picklists&limit=500');
    const biotech = picklists.filter((e) => e.value === 'Biotech');
    expect(biotech.length).toBeGreaterThan(0);
    h.running.sandboxes.salesforce.control.addPicklistValue('Account', 'Industry', 'Biotech');

    const res = await h.send('POST', '/resync/all', { category: 'picklists' });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    const job = await vi.waitFor(
      async () => {
        const progress = (await (await h.get(`/jobs/${jobId}`)).json()) as JobProgress;
        if (progress.state === 'running') throw new Error(`still running: ${progress.processed}`);
        return progress;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(job).toMatchObject({ id: jobId, category: 'picklists', state: 'done', total: picklists.length });
    expect(job.processed).toBe(job.total);
    expect(job.resolved + job.failing + job.notFound).toBe(job.total);
    // Biotech is now allowed; the contacts' Podcast lead source still is not.
    expect(job.resolved).toBeGreaterThanOrEqual(biotech.length);
    expect(job.failing).toBe(picklists.length - job.resolved - job.notFound);
    for (const e of biotech) {
      const detail = (await (await h.get(`/errors/${e.id}`)).json()) as ErrorDetail;
      expect(detail.error.status).toBe('resolved');
    }
  });
});
