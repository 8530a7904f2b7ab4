import { createContext } from '@lit/context';
import type { AppStore } from '../state/app-store.ts';

/** Provided once by the app shell; panes consume it through StoreController. */
export const storeContext = createContext<AppStore>(Symbol('reelwright-store'));
