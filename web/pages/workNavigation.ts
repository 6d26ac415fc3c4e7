import type { PostService } from '../../temporal/postService.js';
import type { SignedInUser } from '../auth/user.js';

export interface NextPost {
  postId: string;
  jobTitle: string;
  grade: string;
}

/**
 * The post after this one in the person's work list (what waits for them, overdue first), so after
 * a decision they go on to the next without returning to the list; when this post has left the list
 * (it was just decided), the first one still waiting. None when nothing else waits, or the list
 * cannot be read: the page then offers only the way back.
 */
export async function nextPostFor(
  posts: PostService,
  user: SignedInUser,
  postId: string,
): Promise<NextPost | undefined> {
  try {
    const sections = await posts.workList(user);
    const seen = new Set<string>();
    const items = sections
      .filter((section) => section.waiting)
      .flatMap((section) => section.items)
      .filter((item) => !seen.has(item.postId) && seen.add(item.postId));
    const here = items.findIndex((item) => item.postId === postId);
    const next = here >= 0 ? (items[here + 1] ?? items[0]) : items[0];
    if (!next || next.postId === postId) return undefined;
    return { postId: next.postId, jobTitle: next.jobTitle, grade: next.grade };
  } catch {
    return undefined;
  }
}
