/** What the journey enters: the seed's occupational therapy lines and what each person records. */

/** The seed's occupational therapy lines (paragraph 49): £44,581 × 2 and £38,867 × 1 = £128,029. */
export const occupationalTherapyLines = [
  {
    serviceArea: 'Occupational Therapy',
    jobTitle: 'Community Occupational Therapists',
    grade: 'PO1',
    annualCost: '44,581',
    fte: '2',
  },
  {
    serviceArea: 'Occupational Therapy',
    jobTitle: 'Occupational Therapists',
    grade: 'SO1',
    annualCost: '38,867',
    fte: '1',
  },
];

/** The three consultees, each recording their own part on the approved post. */
export const consultees = [
  {
    userId: 'union.unison',
    heading: 'Record the trade union consultation response',
    noConcerns: 'Welcomed: no concerns',
    summaryLabel: 'Summary of the union’s response',
    summary: 'UNISON welcomes the new occupational therapy posts',
    row: 'Trade union',
  },
  {
    userId: 'cllr.venner',
    heading: 'Record the Executive Member briefing',
    noConcerns: 'Briefed: no concerns',
    summaryLabel: 'Summary of the briefing',
    summary: 'Briefed on the OT waiting list: 246 children',
    row: 'Executive Member',
  },
  {
    userId: 'equality.lead',
    heading: 'Record the equality (EDCI) screening',
    noConcerns: 'Screened: no concerns',
    summaryLabel: 'Summary of the screening',
    summary: 'No adverse impact on any protected group',
    row: 'Equality (EDCI) screening',
  },
];

/** The standard route's checks: the same name on the form and in the route summary once clear. */
export const preEmploymentChecks = [
  { label: 'References', row: 'References' },
  { label: 'Enhanced DBS with barred list', row: 'Enhanced DBS with barred list' },
  { label: 'Right to work', row: 'Right to work' },
  // Occupational therapists register with the HCPC, not Social Work England.
  { label: 'Professional registration', row: 'Professional registration', register: 'hcpc' },
];
