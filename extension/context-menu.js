// "Unroll this thread" in the page's right-click menu, for users who turn it on in the reader's
// settings. The `contextMenus` permission is optional (nothing is asked at install): the
// settings control asks the worker, which opens the small permission window whose click calls
// `permissions.request` (a content script cannot). While the permission is held the item
// exists; choosing it does what the toolbar button does — and grants `activeTab` the same way.
//
// Chrome has the API object only while the permission is held; Firefox calls it `menus` (and
// also `contextMenus`). Without either, the setting is not offered.
import { ext, MENUS_PERMISSION } from './platform.js';

const PERMISSION = MENUS_PERMISSION;
const MENU_ID = 'unspool-unroll';
/** The permission window's page, told which question to ask. */
const PERMISSION_PAGE = 'permission.html';
/**
 * Where the item shows: every https page. X, Bluesky and Thread Reader App have fixed hosts, but
 * a Mastodon server can be any host; on a page that is not a thread the reader says so.
 */
const DOCUMENT_PATTERNS = ['https://*/*'];
const CONTEXTS = ['page', 'selection', 'link', 'image', 'video'];

/** The menu API, when the browser has it and we may use it now. */
function menus() {
  return ext.contextMenus ?? ext.menus ?? null;
}

/** True when this build can offer the item at all (it lists the optional permission). */
function offered() {
  return Boolean(ext.permissions) && PERMISSION !== null;
}

async function held() {
  try {
    return Boolean(ext.permissions) && (await ext.permissions.contains({ permissions: [PERMISSION] }));
  } catch {
    return false;
  }
}

/**
 * Wires the item into the worker. `unroll(tab)` runs the toolbar button's injection. Listeners
 * are added at the worker's start, as MV3 requires, and again when the permission is granted
 * later (the API object appears only then).
 */
export function installContextMenu(unroll) {
  let listening = false;
  const listen = () => {
    const api = menus();
    if (listening || !api) return;
    listening = true;
    api.onClicked.addListener((info, tab) => {
      if (info.menuItemId === MENU_ID && tab) unroll(tab);
    });
  };
  listen();

  const refresh = async () => {
    if (await held()) {
      listen();
      await createItem();
    } else {
      await removeItem();
    }
  };
  ext.runtime.onInstalled.addListener(() => void refresh());
  ext.runtime.onStartup?.addListener(() => void refresh());
  ext.permissions?.onAdded?.addListener((change) => {
    if (change.permissions?.includes(PERMISSION)) void refresh();
  });
  ext.permissions?.onRemoved?.addListener((change) => {
    if (change.permissions?.includes(PERMISSION)) void removeItem();
  });

  return {
    /**
     * The reader's settings control: `enable` null asks where things stand; true turns the
     * item on (opening the permission window for tab `tabId` when the permission is missing),
     * false turns it off and gives the permission back. Resolves to `{available, enabled,
     * asking}`.
     */
    async setting(enable, tabId) {
      if (!offered()) return { available: false, enabled: false, asking: false };
      if (enable === true) {
        if (await held()) {
          listen();
          await createItem();
          return { available: true, enabled: true, asking: false };
        }
        await openPermissionWindow(tabId);
        return { available: true, enabled: false, asking: true };
      }
      if (enable === false && (await held())) {
        await removeItem();
        await ext.permissions.remove({ permissions: [PERMISSION] });
      }
      return { available: true, enabled: await held(), asking: false };
    },
  };
}

/** Creates the item afresh (a second `create` with the same id would fail). */
async function createItem() {
  const api = menus();
  if (!api) return;
  await removeItem();
  await new Promise((resolve) => {
    api.create(
      {
        id: MENU_ID,
        title: ext.i18n.getMessage('contextMenuTitle') || 'Unroll this thread',
        contexts: CONTEXTS,
        documentUrlPatterns: DOCUMENT_PATTERNS,
      },
      () => {
        if (ext.runtime.lastError) {
          console.warn('Unspool: the menu item could not be created:', ext.runtime.lastError.message);
        }
        resolve();
      },
    );
  });
}

async function removeItem() {
  const api = menus();
  if (!api) return;
  try {
    await api.remove(MENU_ID);
  } catch {
    // There was none.
  }
}

/** The window that asks for the permission; it tells tab `tabId` the answer itself. */
async function openPermissionWindow(tabId) {
  const params = new URLSearchParams({ kind: 'context-menu', tab: String(tabId) });
  await ext.windows.create({
    type: 'popup',
    url: ext.runtime.getURL(`${PERMISSION_PAGE}?${params}`),
    width: 440,
    height: 300,
    focused: true,
  });
}
