/**
 * Free text that would put personal data on the event stream. Reasons, consultation summaries and
 * justifications travel in events to every consumer of the topic and stay in workflow histories for
 * good, where no erasure can reach them (candidates are erased by destroying their data key; free
 * text has none). So such text is refused at the edge, before anything reaches a workflow.
 *
 * What counts: email addresses, UK phone numbers, UK postcodes, National Insurance numbers, and dates
 * of birth (a date beside "born", "DOB" or "date of birth"). Other dates are allowed: decisions cite
 * reports and meetings by date ("the report of 30 June 2022"). Grades (PO3, C3), cost figures
 * (£49,629), financial years (2022/23) and paragraph numbers are not personal data and pass.
 */

export type PersonalDataKind =
  | 'email address'
  | 'phone number'
  | 'postcode'
  | 'National Insurance number'
  | 'date of birth';

const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

// +44 or a leading 0, then the rest of a UK number in groups (spaces, dashes, brackets between them).
const phoneCandidate = /(?<![\w+.,£/])(?:\+\s?44[\s-]?(?:\(0\)[\s-]?)?|\(?0)[\d\s\-()]{8,16}\d(?![\d,.]\d)/g;

// Outward code (area, district) and inward code (sector, unit) of the Royal Mail's format.
const postcode =
  /\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPS-UW]|[A-HK-Y]\d[ABEHMNPRV-Y]) ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;

// Two prefix letters (never D, F, I, U, V; the second never O), six digits, a suffix A–D. Q is kept:
// HMRC's own example numbers begin QQ, and people copy them.
const nationalInsurance =
  /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-TW-Z][A-CEGHJ-NP-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/i;

const months =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const date = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${months})\\.?,?\\s+\\d{4}|(?:${months})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})`;
const birthWords = String.raw`(?:born(?:\s+on)?|d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s?date|birthday)`;
const dateOfBirth = new RegExp(`\\b${birthWords}\\s*(?:[:\\-–,]|is|was)?\\s*${date}`, 'i');

/** An ordinal such as "2nd" reads like a postcode's inward code ("C3 2ND"): never one. */
const ordinalInward = /\d(?:st|nd|rd|th)$/i;

function hasUkPhoneNumber(text: string): boolean {
  for (const match of text.matchAll(phoneCandidate)) {
    const raw = match[0];
    // Brackets must pair up: "(0)" after +44 or around an area code.
    if ((raw.match(/\(/g)?.length ?? 0) !== (raw.match(/\)/g)?.length ?? 0)) continue;
    const digits = raw.replace(/\D/g, '');
    const national = raw.trimStart().startsWith('+') ? `0${digits.slice(2).replace(/^0/, '')}` : digits;
    // UK numbers are 0 then 9 or 10 digits, and begin 01, 02, 03, 05, 07, 08 or 09.
    if (/^0[1235789]\d{8,9}$/.test(national)) return true;
  }
  return false;
}

function hasPostcode(text: string): boolean {
  for (const match of text.matchAll(postcode)) {
    if (!ordinalInward.test(match[0])) return true;
  }
  return false;
}

/** The first kind of personal data the text holds, or undefined when it holds none that is looked for. */
export function personalDataIn(text: string): PersonalDataKind | undefined {
  if (email.test(text)) return 'email address';
  if (nationalInsurance.test(text)) return 'National Insurance number';
  if (dateOfBirth.test(text)) return 'date of birth';
  if (hasUkPhoneNumber(text)) return 'phone number';
  if (hasPostcode(text)) return 'postcode';
  return undefined;
}

/** The free-text fields checked, by their name wherever they appear in a command or proposal. */
export const freeTextFields = ['reason', 'summary', 'justification'] as const;

const fieldInWords: Record<(typeof freeTextFields)[number], string> = {
  reason: 'A reason',
  summary: 'A summary',
  justification: 'A justification',
};

export interface PersonalDataProblem {
  /** The field's path in the request (`reason`, `lines.2.justification`). */
  field: string;
  message: string;
}

function isFreeTextField(name: string): name is (typeof freeTextFields)[number] {
  return (freeTextFields as readonly string[]).includes(name);
}

/**
 * Every free-text field of a request (at any depth) that holds personal data, with a message that
 * says what to remove: "A reason must not contain personal data: remove the email address".
 */
export function personalDataProblems(
  value: unknown,
  path: readonly (string | number)[] = [],
): PersonalDataProblem[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => personalDataProblems(item, [...path, index]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, field]) => {
    if (typeof field === 'string' && isFreeTextField(name)) {
      const kind = personalDataIn(field);
      return kind
        ? [
            {
              field: [...path, name].join('.'),
              message: `${fieldInWords[name]} must not contain personal data: remove the ${kind}`,
            },
          ]
        : [];
    }
    return typeof field === 'object' ? personalDataProblems(field, [...path, name]) : [];
  });
}
