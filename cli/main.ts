import { runCli } from './program.js';

// Setting the exit code (not calling process.exit) lets stdout drain before the process ends.
process.exitCode = await runCli(process.argv.slice(2));
