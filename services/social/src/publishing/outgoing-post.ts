import type { PostEntity } from '../adapters/db';
import type { OutgoingPost } from '../adapters/platforms/platform-adapter';

/** The post exactly as first composed (same text, entities and createdAt on every retry). */
export function outgoingPostOf(post: PostEntity): OutgoingPost {
  const { composed } = post;
  return {
    platform: post.platform,
    text: post.text,
    length: composed.length,
    maxLength: composed.maxLength ?? undefined,
    truncated: composed.truncated,
    hashtags: composed.hashtags,
    link: composed.link ?? undefined,
    entities: composed.entities,
    createdAt: post.createdAt,
    ...(post.language === null ? {} : { language: post.language }),
    card: { title: post.articleTitle },
    metadata: {
      postId: post.id,
      articleId: post.articleId,
      channelId: post.channelId,
      niche: post.niche,
      ...(post.variant === null ? {} : { variant: post.variant }),
    },
  };
}
