/** API tokens in VS Code's SecretStorage, one per server, keyed by the server's normalised address. */
import type * as vscode from 'vscode';
import { tokenSecretKey } from '../../core/net/serverUrl';

export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(baseUrl: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(tokenSecretKey(baseUrl)));
  }

  async set(baseUrl: string, token: string): Promise<void> {
    await this.secrets.store(tokenSecretKey(baseUrl), token.trim());
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(tokenSecretKey(baseUrl));
  }

  /** A token was stored or deleted (here or in another window); the listener gets its secret key (tokenSecretKey). */
  onDidChange(listener: (key: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith(tokenSecretKey(''))) listener(e.key);
    });
  }
}
