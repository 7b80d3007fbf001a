/** The service's name: its folder name under services/, and the prefix of its message patterns. */
export const SERVICE_NAME = 'template-service';
export const DEFAULT_TCP_PORT = 4100;
