import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { type Command, CommanderError } from 'commander';
import { jsonLinesAuditLog } from '../audit/jsonLinesAuditLog.js';
import { loadConfig } from '../config/index.js';
import { openStaffDirectory } from '../directory/openStaffDirectory.js';
import { createKafka } from '../kafka/client.js';
import { kafkaBaselinePublisher } from '../kafka/establishmentPublisher.js';
import { createPostEventProducer } from '../kafka/postEventPublisher.js';
import { ensureTopics, productTopics } from '../kafka/topics.js';
import type { Role } from '../schemas/common.js';
import {
  baselineRecordedEvent,
  baselineTotals,
  type EstablishmentBaseline,
} from '../schemas/establishmentBaseline.js';
import { exitCode, UsageError } from './errors.js';
import type { CliIo } from './program.js';
import { BaselineFileError, type BaselineOptions, readBaselineFile } from './readBaselineFile.js';

/** Those who keep the establishment's figures, as the API's POST /api/establishment-baselines. */
const recorders: readonly Role[] = ['hr', 'finance', 'director'];

const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const fte = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

function described(baseline: EstablishmentBaseline): string {
  const totals = baselineTotals(baseline);
  const rate = totals.vacancyRate === null ? '' : ` (${percent.format(totals.vacancyRate)})`;
  const rows = `${baseline.rows.length} ${baseline.rows.length === 1 ? 'row' : 'rows'}`;
  return `${fte.format(totals.vacantFte)} vacant of ${fte.format(totals.establishmentFte)} FTE${rate} on ${baseline.asOf}, ${rows}`;
}

interface LoadOptions extends BaselineOptions {
  as: string;
  dryRun: boolean;
}

/**
 * `establishment load <file>`: records the service's establishment baseline (its posts and vacancies
 * on a date) as an EstablishmentBaselineRecorded event on the post events topic, where the dashboard's
 * projection reads it, in the name of HR, finance or a director from the staff directory. The load
 * is also written to the audit log under the operator's login name.
 */
export function addEstablishmentCommands(program: Command, io: CliIo, env: NodeJS.ProcessEnv): void {
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
    .requiredOption('--as <userId>', 'who records it: HR, finance or a director in the staff directory')
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
        io.err('Nothing was recorded.');
        // The problems are already said: leave with the usage exit code and no further message.
        throw new CommanderError(exitCode.usage, 'council-posts.invalidFile', 'invalid baseline file');
      }
      if (options.dryRun) {
        io.out(`${file}: valid, ${described(baseline)}. Nothing was recorded (--dry-run).`);
        return;
      }
      const config = loadConfig(env);
      const directory = await openStaffDirectory(config);
      const person = directory.person(options.as);
      const role = person?.roles.find((held) => recorders.includes(held));
      if (!person) throw new UsageError(`--as: no one with id ${options.as} in the staff directory`);
      if (!role) throw new UsageError(`--as: ${person.name} (${person.id}) is not HR, finance or a director`);
      const event = baselineRecordedEvent(
        baseline,
        { id: person.id, role },
        { eventId: randomUUID(), occurredAt: new Date().toISOString() },
      );
      // Without a logger: kafkajs's notes on the idempotent producer are not for the person at the terminal.
      const kafka = createKafka(config);
      const admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, productTopics(config)).finally(() => admin.disconnect());
      const producer = createPostEventProducer(kafka);
      await producer.connect();
      try {
        await kafkaBaselinePublisher(producer, config.POST_EVENTS_TOPIC).publish(event);
      } finally {
        await producer.disconnect();
      }
      await jsonLinesAuditLog(config.AUDIT_LOG_FILE).record({
        id: randomUUID(),
        at: event.occurredAt,
        actor: { id: person.id, role },
        channel: 'api',
        command: 'record-establishment-baseline',
        target: 'establishment',
        authority: `${role}, loaded by operator ${userInfo().username} on the server`,
        reason: `${file}: ${described(baseline)}`,
        outcome: 'accepted',
        status: 200,
      });
      io.out(
        `Recorded the establishment baseline for ${person.name}: ${described(baseline)}, on ${config.POST_EVENTS_TOPIC}.`,
      );
      io.out('The dashboard counts against it once its projection has read it.');
    });
}
