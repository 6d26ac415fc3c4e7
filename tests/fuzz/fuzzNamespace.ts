import type { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { postSearchAttributes } from '../../schemas/searchAttributes.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

const indexed = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

async function until(check: () => Promise<boolean>, what: string, timeoutMillis = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready in ${timeoutMillis / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * A namespace of the fuzz run's own on the local dev server, with the product's search attributes:
 * what the fuzzer lists and reads is only what it made, never another test's posts whose workers
 * have gone (a query to those waits for a worker that never comes).
 */
export async function createFuzzNamespace(client: Client, namespace: string): Promise<void> {
  const service = client.connection.workflowService;
  await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  await until(
    () =>
      client.connection.operatorService
        .addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(
            Object.entries(postSearchAttributes).map(([name, type]) => [name, indexed[type]]),
          ),
        })
        .then(
          () => true,
          (error: Error) => /already/i.test(error.message),
        ),
    `search attributes of ${namespace}`,
  );
  await until(
    () =>
      service
        .listWorkflowExecutions({ namespace, query: `PostStage = 'awaiting-approval'`, pageSize: 1 })
        .then(
          () => true,
          () => false,
        ),
    `visibility in ${namespace}`,
  );
}

/** Deletes the namespace: the server removes its workflows, open or closed, in the background. */
export async function deleteFuzzNamespace(client: Client, namespace: string): Promise<void> {
  await client.connection.operatorService.deleteNamespace({ namespace });
}
