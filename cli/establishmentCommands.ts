import { randomUUID } from 'node:crypto';
import { type Command, CommanderError } from 'commander';
import { baselineTotals, type EstablishmentBaseline } from '../schemas/establishmentBaseline.js';
import { exitCode } from './errors.js';
import type { CliIo } from './program.js';
import { BaselineFileError, type BaselineOptions, readBaselineFile } from './readBaselineFile.js';
import type { CliSession } from './session.js';

const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const fte = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

function described(baseline: EstablishmentBaseline): string {
  const totals = baselineTotals(baseline);
  const rate = totals.vacancyRate === null ? '' : ` (${percent.format(totals.vacancyRate)})`;
  const rows = `${baseline.rows.length} ${baseline.rows.length === 1 ? 'row' : 'rows'}`;
  return `${fte.format(totals.vacantFte)} vacant of ${fte.format(totals.establishmentFte)} FTE${rate} on ${baseline.asOf}, ${rows}`;
}

interface LoadOptions extends BaselineOptions {
  dryRun: boolean;
}

/**
 * `establishment load <file>`: records the service's establishment baseline (its posts and vacancies
 * on a date) through the API, in the name of the person signed in with `login` (HR, finance or a
 * director): the API publishes it as an EstablishmentBaselineRecorded event on the post events topic,
 * where the dashboard's projection reads it, and records it in the audit log.
 */
export function addEstablishmentCommands(
  program: Command,
  io: CliIo,
  withSession: <T>(use: (session: CliSession) => Promise<T>) => Promise<T>,
): void {
  const establishment = program
    .command('establishment')
    .description('Record the establishment baseline that the vacancy rate counts against.');
  establishment
    .command('load')
    .description('Record the establishment and its vacancies on a date, from a .csv or .json file.')
    .addHelpText(
      'after',
      [
        '',
        'A .csv file has the header service_area,grade,establishment_fte,vacant_fte (the last two',
        'required) and its date from --as-of. Leave service_area empty on a single row for the whole',
        'service ("71.5 vacancies in 500 FTE"), or give a row per service area, or per grade in one.',
        'A .json file holds { "asOf": "2022-06-30", "source": "...", "rows": [...] } with the same',
        'fields in camelCase; options override it. Rows are counted as in a spreadsheet: the header',
        'is row 1. Nothing is recorded unless the whole file is valid. The newest baseline by date',
        'replaces the one before it whole.',
      ].join('\n'),
    )
    .argument('<file>', 'the baseline: .csv or .json')
    .option('--as-of <yyyy-mm-dd>', 'the date the figures describe (required for a .csv file)')
    .option('--source <text>', 'where the figures come from, e.g. "Scrutiny board minute"')
    .option('--dry-run', 'check the file and say what it holds, without recording it', false)
    .action(async (file: string, options: LoadOptions) => {
      let baseline: EstablishmentBaseline;
      try {
        baseline = await readBaselineFile(file, options);
      } catch (error) {
        if (!(error instanceof BaselineFileError)) throw error;
        for (const problem of error.problems) io.err(`${error.file}: ${problem}`);
        io.err(error.outcome);
        // The problems are already said: leave with the usage exit code and no further message.
        throw new CommanderError(exitCode.usage, 'council-posts.invalidFile', 'invalid baseline file');
      }
      if (options.dryRun) {
        io.out(`${file}: valid, ${described(baseline)}. Nothing was recorded (--dry-run).`);
        return;
      }
      // Through the API, as the person signed in with `login`: it checks they are HR, finance or a
      // director, records the event and audits it.
      await withSession(({ service }) => service.recordEstablishmentBaseline(baseline, randomUUID()));
      io.out(`Recorded the establishment baseline: ${described(baseline)}.`);
      io.out('The dashboard counts against it once its projection has read it.');
    });
}
