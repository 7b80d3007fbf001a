import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseRpcExceptionFilter, RpcException } from '@nestjs/microservices';
import { isRpcErrorBody, statusForCode } from './rpc-error.js';

/**
 * nest-kit's validation pipe (and a service's own `rpcError`s) throw RpcException on every
 * transport. Over HTTP, Nest would answer those with a 500; this filter answers with the status
 * of the error's code (VALIDATION is 400, NOT_FOUND 404...) and the same body as over TCP.
 * TCP and Kafka keep Nest's RPC handling. The gateway registers its own, fuller filter after it.
 */
@Catch(RpcException)
export class RpcErrorHttpFilter implements ExceptionFilter<RpcException> {
  private readonly rpc = new BaseRpcExceptionFilter();

  catch(exception: RpcException, host: ArgumentsHost) {
    if (host.getType() !== 'http') return this.rpc.catch(exception, host);
    const error = exception.getError();
    const body = isRpcErrorBody(error) ? error : { code: 'INTERNAL', message: typeof error === 'string' ? error : 'internal error' };
    const status = statusForCode(body.code);
    host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>()
      .status(status)
      .json({ statusCode: status, ...body });
  }
}
