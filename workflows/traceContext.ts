import {
  AsyncLocalStorage,
  type Next,
  type Payload,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/**
 * Carries a caller's trace through a workflow to the activities, children and signals it causes,
 * so one trace runs from an HTTP request through the Update to the Kafka publish and the projection.
 *
 * It only passes on the header that `@temporalio/interceptors-opentelemetry` writes on the client and
 * reads in the worker's activities; it makes no spans. That package's own workflow interceptors would
 * load the OpenTelemetry SDK into every workflow, the per-workflow cost this project keeps out of its
 * bundles. A header is not part of what replay compares, so adding or dropping it is safe for open
 * posts.
 */
export const TRACE_HEADER = '_tracer-data';

/** The trace of the command (Update or signal) being handled, for what its handler starts. */
const commandTrace = new AsyncLocalStorage<Payload>();
/** The trace that started the workflow: for what it does outside any command. */
let startTrace: Payload | undefined;

export function currentTrace(): Payload | undefined {
  return commandTrace.getStore() ?? startTrace;
}

/** Runs `fn` as part of `trace` (the event outbox publishes each batch under its command's trace). */
export function withTrace<T>(trace: Payload | undefined, fn: () => Promise<T>): Promise<T> {
  return trace ? commandTrace.run(trace, fn) : fn();
}

function withTraceHeader<T extends { headers: Record<string, Payload> }>(input: T): T {
  const trace = currentTrace();
  return trace && !input.headers[TRACE_HEADER]
    ? { ...input, headers: { ...input.headers, [TRACE_HEADER]: trace } }
    : input;
}

const inbound: WorkflowInboundCallsInterceptor = {
  execute(input, next) {
    startTrace = input.headers[TRACE_HEADER];
    return next(input);
  },
  handleUpdate(input, next) {
    return withTrace(input.headers[TRACE_HEADER], () => next(input));
  },
  handleSignal(input, next) {
    return withTrace(input.headers[TRACE_HEADER], () => next(input));
  },
};

type Outbound = Required<
  Pick<
    WorkflowOutboundCallsInterceptor,
    'scheduleActivity' | 'scheduleLocalActivity' | 'startChildWorkflowExecution' | 'signalWorkflow'
  >
>;

const outbound: Outbound = {
  scheduleActivity: (input, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) =>
    next(withTraceHeader(input)),
  scheduleLocalActivity: (input, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>) =>
    next(withTraceHeader(input)),
  startChildWorkflowExecution: (
    input,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ) => next(withTraceHeader(input)),
  signalWorkflow: (input, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>) =>
    next(withTraceHeader(input)),
};

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [inbound], outbound: [outbound] });
