// Synthetic leads for the demo: fictional 555-01xx numbers spread over area codes in several
// US time zones, names from short lists, a grade and a custom field or two.

import type { NewLead } from '../adapters/pg/lead-repository.js';
import { pickWeighted, seededRandom } from '../core/random.js';

const areaCodes = [
  '212', '315', '404', '617', '305', '215', '202', '704', '312', '214', '713', '612', '314', '504',
  '303', '602', '801', '505', '206', '415', '503', '702', '213', '619', '907', '808', '973', '614',
  '313', '317', '502', '615', '901', '816', '405', '512', '210', '817', '402', '515', '608', '414',
  '509', '208', '406', '307', '701', '605', '916', '510',
];
const firstNames = ['Ava', 'Ben', 'Chloe', 'Diego', 'Emma', 'Farah', 'Grace', 'Hiro', 'Isla', 'Jamal', 'Kai', 'Lena', 'Mateo', 'Nina', 'Omar', 'Priya'];
const lastNames = ['Adams', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Huang', 'Ito', 'Jones', 'Kumar', 'Lopez', 'Miller', 'Nguyen', 'Okafor', 'Patel'];
export const industries = ['retail', 'healthcare', 'logistics', 'software', 'finance', 'education'];

/** `count` leads, at most 100 per area code (the 555-0100..0199 fictional block). */
export function syntheticLeads(count: number, seed: number): NewLead[] {
  const random = seededRandom(seed, 'demo-leads');
  const leads: NewLead[] = [];
  for (let i = 0; i < count; i++) {
    const area = areaCodes[Math.floor(i / 100) % areaCodes.length] ?? '212';
    const block = Math.floor(i / (100 * areaCodes.length));
    const line = String(100 + (i % 100)).padStart(4, '0');
    const exchange = String(555 - block).padStart(3, '0');
    leads.push({
      externalId: `demo-${i + 1}`,
      firstName: firstNames[i % firstNames.length] ?? 'Ava',
      lastName: lastNames[Math.floor(i / firstNames.length) % lastNames.length] ?? 'Adams',
      grade: pickWeighted(random, { A: 1, B: 2, C: 4, D: 2, E: 1 }),
      fields: { industry: industries[i % industries.length], company: `Company ${i + 1}` },
      phones: [`+1${area}${exchange}${line}`],
      // The demo campaign leaves messages on machines: its people consented to them.
      prerecordedConsent: true,
    });
  }
  return leads;
}
