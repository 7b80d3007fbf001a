export const SERVICE_INFO = Symbol('SERVICE_INFO');
export interface ServiceInfo {
  name: string;
  instance: number;
  version: string;
}
