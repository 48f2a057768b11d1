import {
  OperationNodeTransformer, PrimitiveValueListNode, ValueNode,
  type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow,
} from 'kysely';

/**
 * U+0000 in text the app stores. PostgreSQL refuses it in any text column (SQLSTATE 22021 / 22P05) and
 * SQLite keeps it but cuts strings at it in its own functions; it arrives from outside (a meeting topic,
 * Zoom's error message, a host id in a signed event) and means nothing to a person. Dropped, so the row
 * is kept; an item's outcome that could not be recorded once made the bulk runner re-send its PATCH.
 */
/** The text as the database keeps it: without U+0000. Anything that is not a string passes unchanged. */
export function storable<T>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
}

class CleanValues extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = storable(node.value);
    if (value === node.value) return node;
    return node.immediate ? ValueNode.createImmediate(value) : ValueNode.create(value);
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((value) => storable(value) !== value) ? PrimitiveValueListNode.create(node.values.map(storable)) : node;
  }
}

/**
 * Every value a query binds, in every repository's write path (and its lookups, so a lookup by a value
 * finds the row stored under its cleaned form): one place, not a call in each repository.
 */
export class CleanTextPlugin implements KyselyPlugin {
  readonly #transformer = new CleanValues();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
