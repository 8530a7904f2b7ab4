import type { Connection } from '../../types.ts';
import { LOCAL_CONNECTION } from '../app-state.ts';
import {
  CUSTOM_MODELS_SETTING,
  importCustomModels,
  removeCustomModel,
  saveCustomModel,
  type CustomModelsChange,
} from '../custom-models.ts';
import { coerceDraft } from '../draft.ts';
import { errorMessage, type StoreCore } from '../store-core.ts';
import type { KeysSlice } from './keys.ts';

const HEALTH_TTL_MS = 5000;

/** Provider connections (add, edit, remove, test) and the custom model entries of the catalog. */
export class ConnectionsSlice {
  constructor(
    private readonly core: StoreCore,
    private readonly keys: KeysSlice,
  ) {}

  /** The connection with this id, if there is one. */
  get(id: string): Connection | undefined {
    return this.core.connection(id);
  }

  async saveConnection(saved: Connection): Promise<void> {
    const { core } = this;
    // Saving here is the user's confirmation of an imported connection's host.
    const { imported: _confirmed, ...connection } = saved;
    const others = core.state.connections.filter((c) => c.id !== connection.id);
    const connections = [...others, connection];
    core.forgetProviders(connection.id);
    try {
      await this.keys.persistConnections(connections);
    } catch (error) {
      core.notify('error', errorMessage(error));
      return;
    }
    const health = { ...core.state.health };
    delete health[connection.id];
    core.set({ connections, health });
    core.post({ type: 'settings-changed' });
  }

  async removeConnection(id: string): Promise<void> {
    if (id === LOCAL_CONNECTION.id) return;
    const { core } = this;
    const connections = core.state.connections.filter((c) => c.id !== id);
    core.forgetProviders(id);
    await this.keys.persistConnections(connections);
    core.set({ connections, draft: coerceDraft(core.state.draft, core.catalog, connections) });
    core.post({ type: 'settings-changed' });
  }

  /** "Test connection": reachable / key accepted / CORS blocked, cached for a few seconds. */
  async testConnection(id: string): Promise<void> {
    const { core } = this;
    const cached = core.state.health[id];
    if (cached && core.clock.now() - cached.at < HEALTH_TTL_MS) return;
    const provider = core.providerFor(id);
    if (!provider?.test) return;
    const result = await provider.test(AbortSignal.timeout(10_000)).catch((error: unknown) => ({
      state: 'unreachable' as const,
      detail: errorMessage(error),
    }));
    core.set({ health: { ...core.state.health, [id]: { ...result, at: core.clock.now() } } });
  }

  /** Adds a custom model entry (JSON text), or replaces the one `replacing` (its customKey) names. */
  saveCustomModel(text: string, replacing?: string): Promise<CustomModelsChange> {
    const { catalog } = this.core;
    return this.applyCustomModels(saveCustomModel(catalog.custom, catalog.catalogModels, text, replacing));
  }

  importCustomModels(text: string): Promise<CustomModelsChange> {
    const { catalog } = this.core;
    return this.applyCustomModels(importCustomModels(catalog.custom, catalog.catalogModels, text));
  }

  removeCustomModel(key: string): Promise<CustomModelsChange> {
    const models = removeCustomModel(this.core.catalog.custom, key);
    return this.applyCustomModels({ ok: true, models, message: 'Removed.' });
  }

  private async applyCustomModels(change: CustomModelsChange): Promise<CustomModelsChange> {
    if (!change.ok) return change;
    const { core } = this;
    await core.db.setSetting(CUSTOM_MODELS_SETTING, change.models);
    core.catalog.setCustom(change.models);
    core.set({ draft: coerceDraft(core.state.draft, core.catalog, core.state.connections) });
    return change;
  }
}
