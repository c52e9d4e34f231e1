/** @module A deterministic data set for the benchmark: companies and contacts in the HubSpot sandbox, a few planted failures. */
import type { HubspotSandbox } from '../proxy/sandbox/hubspot/index';

export interface GeneratedData {
  companies: string[];
  contacts: string[];
  /** Records planted to fail in Salesforce (validation rule, flow), to measure automatic retries. */
  plantedFailures: number;
}

/** mulberry32: a tiny seeded PRNG, so every bench run writes the same data. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INDUSTRIES = ['Banking', 'Energy', 'Retail', 'Technology', 'Media', 'Insurance'];
const TITLES = ['Engineer', 'Buyer', 'Director', 'Analyst', 'Manager'];

/** `tick` is called after each record so that records get distinct modification times. */
export function generateData(
  hs: HubspotSandbox,
  counts: { companies: number; contacts: number; failureEvery: number },
  tick: () => void = () => undefined,
): GeneratedData {
  const random = prng(42);
  let planted = 0;
  const companies: string[] = [];
  for (let i = 0; i < counts.companies; i++) {
    companies.push(
      hs.control.createRecord('companies', {
        name: `Bench Company ${i}`,
        domain: `https://bench${i}.example`,
        industry: INDUSTRIES[Math.floor(random() * INDUSTRIES.length)],
        city: 'Springfield',
      }),
    );
    tick();
  }
  const contacts: string[] = [];
  for (let i = 0; i < counts.contacts; i++) {
    // Every n-th contact trips the "Contact_Onboarding" flow in the org: custom code, retried later.
    const fails = i % counts.failureEvery === 0;
    if (fails) planted++;
    contacts.push(
      hs.control.createRecord(
        'contacts',
        {
          firstname: `First${i}`,
          lastname: `Last${i}`,
          email: `bench${i}@bench.example`,
          jobtitle: fails ? 'Intern' : TITLES[Math.floor(random() * TITLES.length)],
        },
        [{ objectType: 'companies', id: companies[i % companies.length] }],
      ),
    );
    tick();
  }
  return { companies, contacts, plantedFailures: planted };
}
