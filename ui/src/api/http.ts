import { ApiError } from './errors';
import type { Backend, CommandName, Input, Output } from './backend';

/** The HTTP transport: `POST /api/<command>` with `Authorization: Bearer`. */
export class HttpBackend implements Backend {
  readonly kind = 'http' as const;

  constructor(private readonly base = '') {}

  private async post(command: string, input: unknown, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/${command}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new ApiError('network', '无法连接服务器，请检查网络或服务是否已启动');
    }
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => null);
      throw body ? ApiError.from(body) : new ApiError('internal', `服务器错误（${res.status}）`);
    }
    return res;
  }

  async call<C extends CommandName>(command: C, input: Input<C>, token: string | null): Promise<Output<C>> {
    const res = await this.post(command, input, token);
    return (await res.json()) as Output<C>;
  }

  async callBinary(command: string, input: unknown, token: string | null): Promise<Blob> {
    const res = await this.post(command, input, token);
    return await res.blob();
  }
}
