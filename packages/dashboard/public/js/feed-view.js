// @ts-check
import { html } from './html.js';
import { formatClock, formatUsd, shortId } from './format.js';
import { sourceOf } from './dashboard-state.js';

/** Summaries shown; more are kept to find the source of each post. */
const SHOWN_SUMMARIES = 8;

/**
 * Latest posts with the article each came from, and the latest summaries, as events arrive.
 * @param {{ state: import('./dashboard-state.js').DashboardState }} props
 */
export function FeedView({ state }) {
  return html`
    <section class="feeds">
      <div class="card feed">
        <h2>Latest posts</h2>
        ${state.posts.length === 0
          ? html`<p class="muted empty">No post yet: they appear here as they are published.</p>`
          : html`<ol class="posts" aria-label="Latest posts">${state.posts.map((post) => html`<${PostItem} post=${post} source=${sourceOf(state, post.articleId)} />`)}</ol>`}
      </div>
      <div class="card feed">
        <h2>Latest summaries</h2>
        ${state.summaries.length === 0
          ? html`<p class="muted empty">No summary yet.</p>`
          : html`<ol class="summaries" aria-label="Latest summaries">${state.summaries.slice(0, SHOWN_SUMMARIES).map((summary) => html`<${SummaryItem} summary=${summary} />`)}</ol>`}
      </div>
    </section>`;
}

/**
 * @param {{ post: import('./dashboard-state.js').PostItem, source: import('./dashboard-state.js').SummaryItem | undefined }} props
 */
function PostItem({ post, source }) {
  return html`
    <li class="post" data-post-id=${post.postId}>
      <div class="meta">
        <span class="badge">${post.platform}</span>
        <span class="badge niche">${post.niche}</span>
        ${post.variant ? html`<span class="muted">${post.variant}</span>` : null}
        <time class="muted" datetime=${post.time}>${formatClock(post.time)}</time>
      </div>
      <p class="post-text">${post.text}</p>
      <div class="source muted">
        ${source
          ? html`from <a href=${source.url} target="_blank" rel="noopener noreferrer">${source.title}</a>`
          : html`from article ${shortId(post.articleId)}`}
        ${post.remoteUrl ? html` · <a href=${post.remoteUrl} target="_blank" rel="noopener noreferrer">view post</a>` : null}
      </div>
    </li>`;
}

/** @param {{ summary: import('./dashboard-state.js').SummaryItem }} props */
function SummaryItem({ summary }) {
  return html`
    <li class="summary" data-article-id=${summary.articleId}>
      <div class="meta">
        <span class="badge niche">${summary.niche}</span>
        <time class="muted" datetime=${summary.time}>${formatClock(summary.time)}</time>
        ${summary.model ? html`<span class="muted">${summary.model}</span>` : null}
        ${summary.costUsd !== undefined ? html`<span class="muted">${formatUsd(summary.costUsd)}</span>` : null}
      </div>
      <a class="title" href=${summary.url} target="_blank" rel="noopener noreferrer">${summary.title}</a>
      <p class="muted">${summary.summary}</p>
    </li>`;
}
