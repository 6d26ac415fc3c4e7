/**
 * Progressive enhancement of the proposal form: the running total follows what is typed, without
 * a round trip. The server recalculates it on every submit with the same arithmetic
 * (web/pages/runningTotal.ts and domain/proposalPosts.ts), and the form works without this script.
 */

const FTE_UNITS = 1_000_000;
const MAX_PENCE = Number.MAX_SAFE_INTEGER;
// As domain/money.ts reads pounds: grouped thousands or none, then at most 2 decimals.
const amount = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** Pounds as typed to whole pence, or undefined when it cannot be read (yet). */
function pence(text) {
  const match = amount.exec(text.trim().replace(/^£\s*/, ''));
  if (!match) return undefined;
  const value = Number(match[1].replaceAll(',', '')) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(value) && value <= MAX_PENCE ? value : undefined;
}

/** A line's FTE in millionths, or undefined when it is not more than 0 and no more than 1,000. */
function fteUnits(text) {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,6})?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value > 0 && value <= 1000 ? Math.round(value * FTE_UNITS) : undefined;
}

/** Whole posts cost exactly the line's cost; only the one part-time post is rounded, to the penny. */
function lineCost(annualPence, units) {
  const whole = Math.floor(units / FTE_UNITS);
  const rest = units % FTE_UNITS;
  return {
    costPence: annualPence * whole + (rest > 0 ? Math.round(annualPence * (rest / FTE_UNITS)) : 0),
    posts: whole + (rest > 0 ? 1 : 0),
  };
}

function formatPence(value) {
  const sign = value < 0 ? '-' : '';
  const absolute = Math.abs(value);
  const pounds = Math.floor(absolute / 100).toLocaleString('en-GB');
  const rest = absolute % 100;
  return `${sign}£${pounds}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

function cell(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}

function recalculate(form, region) {
  const field = (item, name) => item.querySelector(`[data-line-field="${name}"]`)?.value ?? '';
  const rows = [];
  let costPence = 0;
  let units = 0;
  let posts = 0;
  form.querySelectorAll('.moj-add-another__item').forEach((item, index) => {
    const jobTitle = field(item, 'jobTitle').trim();
    const annual = pence(field(item, 'annualCost'));
    const fte = fteUnits(field(item, 'fte'));
    const row = document.createElement('tr');
    row.className = 'govuk-table__row';
    let label = `${index + 1}. ${jobTitle || `Post line ${index + 1}`}`;
    let shown = 'Not known yet';
    if (annual !== undefined && fte !== undefined) {
      const line = lineCost(annual, fte);
      costPence += line.costPence;
      units += fte;
      posts += line.posts;
      label += `, ${fte / FTE_UNITS} FTE`;
      shown = formatPence(line.costPence);
    }
    row.append(
      cell('th', 'govuk-table__header app-wrap', label),
      cell('td', 'govuk-table__cell govuk-table__cell--numeric', shown),
    );
    row.firstChild.setAttribute('scope', 'row');
    rows.push(row);
  });
  region.querySelector('[data-running-total-lines]').replaceChildren(...rows);

  const total = region.querySelector('[data-running-total-cost]');
  const strong = cell('strong', '', formatPence(costPence));
  total.replaceChildren(
    `${posts} ${posts === 1 ? 'post' : 'posts'}, ${units / FTE_UNITS} FTE: `,
    strong,
    ' a year',
  );
  const allocation = pence(form.querySelector('#allocation')?.value ?? '');
  const left = allocation === undefined ? undefined : allocation - costPence;
  region.querySelector('[data-running-total-allocation]').textContent =
    allocation === undefined ? 'Not entered yet' : formatPence(allocation);
  region.querySelector('[data-running-total-left-key]').textContent =
    left !== undefined && left < 0 ? 'Over by' : 'Left';
  region.querySelector('[data-running-total-left]').textContent =
    left === undefined ? 'Enter the allocation' : formatPence(Math.abs(left));
  region.querySelector('[data-running-total-over]').hidden = !(left !== undefined && left < 0);
}

const region = document.querySelector('[data-running-total]');
const form = region?.closest('form');
if (form && region) {
  let timer;
  // A short pause, so the live region speaks the figures once typing stops, not at every key.
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => recalculate(form, region), 300);
  };
  form.addEventListener('input', later);
  document.addEventListener('moj-add-another:add-item', (event) => {
    // A new line starts as one full-time post, as it does when the server adds it.
    const fte = event.target.querySelector?.('[data-line-field="fte"]');
    if (fte && fte.value === '') fte.value = '1';
    later();
  });
  document.addEventListener('moj-add-another:remove-item', later);
}
