import type { CliService, PostSummary } from './apiService.js';
import { byPostId, formatTable } from './format.js';

/** A post's stage, marked when its workflow did not run to its end (e.g. terminated). */
function stageOf(post: PostSummary): string {
  // The post record (the catalogue) has no status: its posts ran as their events say.
  const ranNormally = post.status === undefined || post.status === 'RUNNING' || post.status === 'COMPLETED';
  return ranNormally ? post.stage || '(starting)' : `${post.stage} (${post.status?.toLowerCase()})`;
}

/** The posts as a table (of one proposal, or all of them), in line and post order. */
export async function listPosts(
  service: Pick<CliService, 'posts'>,
  proposalId: string | undefined,
  print: (line: string) => void,
): Promise<PostSummary[]> {
  const posts = await service.posts(proposalId ? { proposalId } : {});
  if (posts.length === 0) {
    print(proposalId ? `No posts for proposal ${proposalId}.` : 'No posts.');
    return posts;
  }
  const rows = [...posts]
    .sort(byPostId)
    .map((post) => [post.postId, stageOf(post), post.serviceArea, post.grade]);
  for (const line of formatTable(['POST', 'STAGE', 'SERVICE AREA', 'GRADE'], rows)) print(line);
  print(`${posts.length} post${posts.length === 1 ? '' : 's'}`);
  return posts;
}
