import { readdir, readFile, writeFile } from 'node:fs/promises';
import proto from '@temporalio/proto';

// protobufjs' own JSON form of a history. (@temporalio/common's historyToJSON fails here: npm installs
// two copies of protobufjs, and its protojson extension does not accept the other copy's types.)
const { History } = proto.temporal.api.history.v1;
type HistoryMessage = proto.temporal.api.history.v1.History;

export async function writeHistory(
  file: URL,
  history: proto.temporal.api.history.v1.IHistory,
): Promise<void> {
  const object = History.toObject(History.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
    defaults: false,
  });
  await writeFile(file, `${JSON.stringify(object, null, 1)}\n`);
}

/** Every recorded history in a folder, with the workflow id each belongs to. */
export async function readHistories(
  folder: URL,
): Promise<{ workflowId: string; history: HistoryMessage; file: string }[]> {
  const files = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const history = History.fromObject(JSON.parse(await readFile(new URL(file, folder), 'utf8')));
      return { workflowId: file.replace(/\.json$/, ''), history, file };
    }),
  );
}
