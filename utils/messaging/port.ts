/** Name of the port extension pages open to receive broadcasts. */
export const BROADCAST_PORT = 'residency:broadcasts';
