/**
 * Prints the short "ready" banner of `npm start` once the web app and the worker both answer, so that
 * the address is the last thing on the screen. Gives up quietly after two minutes.
 */
import { loadConfig } from '../config/index.js';

const config = loadConfig();
const web = `http://${config.HTTP_HOST}:${config.HTTP_PORT}`;
const worker = `http://${config.HTTP_HOST}:${config.WORKER_HTTP_PORT}/health/ready`;
const answers = (url: string) =>
  fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.status < 500,
    () => false,
  );

const deadline = Date.now() + 120_000;
while (Date.now() < deadline) {
  if ((await answers(`${web}/sign-in`)) && (await answers(worker))) {
    const signIn =
      config.AUTH_MODE === 'local'
        ? `Sign in as anyone in the staff directory, e.g. hr.sam (HR) or director.julie (director).`
        : `Sign in through ${config.OIDC_ISSUER}.`;
    process.stdout.write(
      `\nCouncil posts is ready: ${web}  (API docs ${web}/docs, Temporal UI http://127.0.0.1:${config.TEMPORAL_UI_PORT})\n${signIn}\nCtrl-C stops it.\n\n`,
    );
    process.exit(0);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
