import type { EntityManager } from 'typeorm';
import { PostEntity } from './post.entity';

type RowMapper = (row: Record<string, unknown>) => PostEntity;

/**
 * Turns a raw `posts` row (snake_case, as `RETURNING p.*` answers it) into a PostEntity, by the
 * entity's own column metadata. pg already parses every column type posts uses (uuid/text,
 * integer, boolean, timestamptz -> Date, jsonb -> object), so this is a rename, not a conversion:
 * it saves the claim a second SELECT of the rows it just updated.
 */
export function postRowMapper(manager: EntityManager): RowMapper {
  const columns = manager.connection.getMetadata(PostEntity).columns.map((c) => [c.propertyName, c.databaseName] as const);
  return (row) => {
    const post = new PostEntity();
    const target = post as unknown as Record<string, unknown>;
    for (const [property, column] of columns) target[property] = row[column] ?? null;
    return post;
  };
}
