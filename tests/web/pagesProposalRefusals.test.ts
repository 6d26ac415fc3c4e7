import { afterEach, describe, expect, it } from 'vitest';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { noPosts, startLocalWebApp } from './localWebApp.js';

const form = {
  proposalId: 'used-2022',
  title: 'Investment in Children and Families Transition Plan',
  service: 'Children and Families',
  'reportDate-day': '30',
  'reportDate-month': '6',
  'reportDate-year': '2022',
  decisionMaker: 'director.julie',
  deputy: 'deputy.farrah',
  openForCallIn: 'yes',
  confidential: 'no',
  allocation: '1,500,000',
  allocationName: '2022/23 revenue budget',
  'line0-serviceArea': 'Occupational Therapy',
  'line0-jobTitle': 'Occupational therapists',
  'line0-grade': 'SO1',
  'line0-annualCost': '38,867',
  'line0-fte': '2',
  action: 'submit',
};

/** A service that refuses every proposal as the real one would for this reason. */
function refusing(error: CommandRefused): PostService {
  return new Proxy(noPosts, {
    get: (target, name, receiver) =>
      name === 'startProposal'
        ? async () => {
            throw error;
          }
        : Reflect.get(target, name, receiver),
  });
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('the proposal form shows what the service refuses, beside the field', () => {
  it('shows an id already used again on the form with 409, not a problem document', async () => {
    const web = await startLocalWebApp({
      posts: refusing(
        new CommandRefused('id-used', 'The proposal id used-2022 has been used already', 'proposalId'),
      ),
    });
    stop = () => web.app.close();
    const response = await web.browser.post('hr.sam', '/proposals', form);
    expect(response.statusCode).toBe(409);
    expect(String(response.headers['content-type'])).toMatch(/^text\/html/);
    expect(response.body).toContain('href="#proposalId"');
    expect(response.body).toContain('The proposal id used-2022 has been used already');
    const [attempt] = await web.audit.all();
    expect(attempt).toMatchObject({ command: 'propose', outcome: 'refused', status: 409 });
  });

  it('puts a limit on a line beside that line’s FTE box', async () => {
    const message = 'This FTE would make a part-time post of 0.005 FTE: a post is at least 0.01 FTE';
    const web = await startLocalWebApp({
      posts: refusing(
        new CommandRefused('invalid', message, 'lines.0.fteCount', [{ field: 'lines.0.fteCount', message }]),
      ),
    });
    stop = () => web.app.close();
    const response = await web.browser.post('hr.sam', '/proposals', form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#line0-fte"');
    expect(response.body).toContain(message);
  });
});
