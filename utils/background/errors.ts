import { GraphError, type SerializedGraphError } from '../graph';

/** Any thrown value as the plain error shape that crosses runtime messages. */
export function toSerialized(error: unknown): SerializedGraphError {
  if (error instanceof GraphError) return error.toJSON();
  return GraphError.internal(error instanceof Error ? error.message : String(error)).toJSON();
}
