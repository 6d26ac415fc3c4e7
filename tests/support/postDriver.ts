import type { Client, WorkflowHandle } from '@temporalio/client';
import { postCommandUpdate, postViewQuery } from '../../contract/postMessages.js';
import type { PostView } from '../../contract/postView.js';
import { type RouteView, routeCommandUpdate } from '../../contract/routeMessages.js';
import type { ConsultationParty, PostCommand } from '../../schemas/postCommands.js';
import { type PostWorkflowInput, postWorkflowInput } from '../../schemas/postWorkflowInput.js';
import type { RouteCommand } from '../../schemas/routeCommands.js';
import type { postWorkflow } from '../../workflows/postWorkflow.js';
import { director, equalityLead, executiveMember, hrOfficer, unionRep } from './postFixtures.js';

type Without<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

/** Drives one post the way the HR and director pages will: commands as Updates, state by query. */
export class PostDriver {
  constructor(
    readonly client: Client,
    readonly handle: WorkflowHandle<typeof postWorkflow>,
  ) {}

  static async start(client: Client, taskQueue: string, input: PostWorkflowInput): Promise<PostDriver> {
    const handle = await client.workflow.start('postWorkflow', {
      // Parsed with its defaults filled, as every caller starts a post: the history records them.
      args: [postWorkflowInput.parse(input)],
      taskQueue,
      workflowId: input.postId,
    });
    const driver = new PostDriver(client, handle as WorkflowHandle<typeof postWorkflow>);
    // Wait for the first workflow task (PostProposed and the budget check) before any command.
    await driver.waitFor((view) => view.stage !== 'budget-check');
    return driver;
  }

  async command(command: PostCommand): Promise<PostView> {
    return (await this.handle.executeUpdate(postCommandUpdate, { args: [command] })).view;
  }

  route(command: RouteCommand): Promise<RouteView> {
    return this.client.workflow
      .getHandle(`${this.handle.workflowId}.route`)
      .executeUpdate(routeCommandUpdate, { args: [command] });
  }

  view(): Promise<PostView> {
    return this.handle.query(postViewQuery);
  }

  async waitFor(done: (view: PostView) => boolean, timeoutMillis = 20_000): Promise<PostView> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const view = await this.view().catch(() => undefined);
      if (view && done(view)) return view;
      if (Date.now() > deadline)
        throw new Error(`post did not get there; last view: ${JSON.stringify(view)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * The post's final view. Waits by query rather than `handle.result()`: on the time-skipping server
   * a client waiting for a result makes time jump ahead, which would move every other test's clock.
   */
  async ended(): Promise<PostView> {
    await this.waitFor((view) => ['filled', 'rejected', 'withdrawn'].includes(view.stage));
    return this.handle.result();
  }

  /**
   * Terminates the post once nothing of it is in flight (no pending activity or workflow task). The
   * Java time-skipping server can stop skipping time for good when a workflow is terminated with a
   * task outstanding, which would hang every later `env.sleep` in the file.
   */
  async terminateWhenIdle(): Promise<void> {
    for (let tries = 0; tries < 100; tries += 1) {
      const { raw, status } = await this.handle.describe();
      if (status.name !== 'RUNNING') return;
      if ((raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.handle.terminate('test over').catch(() => undefined);
  }

  approve(reason = 'Meets demand set out in the report') {
    return this.command({ type: 'decide', actor: director, decision: 'approve', reason });
  }

  /** Union, executive member and equality lead each record no concerns (the seed's paragraphs 42–45). */
  consultAll(): Promise<PostView> {
    return this.consultAllBut();
  }

  async consultAllBut(...skip: ConsultationParty[]): Promise<PostView> {
    const responses = [
      { actor: unionRep, party: 'union', summary: 'Welcomed: demands on services are rising' },
      { actor: executiveMember, party: 'executive-member', summary: 'Briefed and in support' },
      { actor: equalityLead, party: 'equality', summary: 'EDCI screening completed (Appendix B)' },
    ] as const;
    let view = await this.view();
    for (const { actor, party, summary } of responses) {
      if (skip.includes(party)) continue;
      view = await this.command({
        type: 'record-consultation',
        actor,
        party,
        outcome: 'no-concerns',
        summary,
      });
    }
    return view;
  }

  advertise(opensOn: string, closesOn: string): Promise<PostView> {
    return this.command({
      type: 'publish-advert',
      actor: hrOfficer,
      channels: ['council-jobs-page', 'paid-social-media'],
      opensOn,
      closesOn,
      ringFence: 'external',
    });
  }

  hr<T extends Without<PostCommand, 'actor'>>(command: T): Promise<PostView> {
    return this.command({ ...command, actor: hrOfficer } as PostCommand);
  }

  hrRoute<T extends Without<RouteCommand, 'actor'>>(command: T): Promise<RouteView> {
    return this.route({ ...command, actor: hrOfficer } as RouteCommand);
  }
}
