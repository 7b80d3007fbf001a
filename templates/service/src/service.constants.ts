/** The service's name: its folder name under services/, and the prefix of its message patterns. */
export const SERVICE_NAME = 'template-service';
/** Its TCP port when started outside `platform up` (which passes TCP_PORT). */
export const DEFAULT_TCP_PORT = 4100;
