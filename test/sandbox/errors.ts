// Meta's error body, exactly as Graph shapes it, and the errors the stand-in answers with.
import { randomBytes } from 'node:crypto';

export interface MetaError {
  message: string;
  /** Defaults to OAuthException, as on most Graph errors. */
  type?: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  /** Becomes error_data: { messaging_product: 'whatsapp', details }. */
  details?: string;
}

/** A trace id in Graph's style, e.g. "AbCdEf12345_xyz". */
export const fbtraceId = () => `A${randomBytes(16).toString('base64url').slice(0, 22)}`;

/** The body Graph sends; keys in Graph's order, optional ones only when set. */
export function errorBody(e: MetaError, fbtrace_id: string) {
  return {
    error: {
      message: e.message,
      type: e.type ?? 'OAuthException',
      code: e.code,
      ...(e.error_subcode !== undefined ? { error_subcode: e.error_subcode } : {}),
      ...(e.error_user_title !== undefined ? { error_user_title: e.error_user_title } : {}),
      ...(e.error_user_msg !== undefined ? { error_user_msg: e.error_user_msg } : {}),
      ...(e.details !== undefined
        ? { error_data: { messaging_product: 'whatsapp', details: e.details } }
        : {}),
      ...(e.is_transient !== undefined ? { is_transient: e.is_transient } : {}),
      fbtrace_id,
    },
  };
}

export const INVALID_PARAMETER = '(#100) Invalid parameter';

export const notVisibleError = (id: string, method: string): MetaError => ({
  message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  type: 'GraphMethodException',
  code: 100,
  error_subcode: 33,
});

export const unknownError: MetaError = {
  message: 'An unknown error occurred',
  code: 1,
  is_transient: true,
};
