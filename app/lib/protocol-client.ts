/**
 * What the phone and the host console need from the protocol besides types:
 * the engine's zod-free constants (so zod stays out of the phone's first-load
 * bundle) and the human message for an error ack.
 */
import { ERROR_MESSAGES, type ErrorCode } from '@/engine/protocol-constants';

export { ERROR_MESSAGES, JOIN_CODE_DIGITS, NICKNAME_MAX, PROTOCOL_VERSION } from '@/engine/protocol-constants';

/**
 * The message for an error ack: the engine's wording, or the server's where it
 * names the problem (invalid input, or what the checker could not read).
 */
export function errorText(error: ErrorCode, serverMessage: string): string {
  if (error === 'payload/invalid' && serverMessage && !serverMessage.startsWith('Malformed'))
    return serverMessage;
  if (error === 'answer/unreadable' && serverMessage) return `${serverMessage} Fix it and send it again.`;
  return ERROR_MESSAGES[error];
}
