// Single entry point to libsodium (libsodium-wrappers-sumo: the plain package has no Argon2id at
// runtime). Call `loadSodium()` once before any synchronous use through `sodium()`.
import sodiumModule from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodiumModule;

let readyPromise: Promise<Sodium> | undefined;
let loaded: Sodium | undefined;

/** Initialises libsodium's WASM module once and returns it. */
export function loadSodium(): Promise<Sodium> {
  readyPromise ??= sodiumModule.ready.then(() => {
    loaded = sodiumModule;
    return sodiumModule;
  });
  return readyPromise;
}

/** Returns the initialised libsodium module; throws if `loadSodium()` has not completed. */
export function sodium(): Sodium {
  if (!loaded) throw new Error('libsodium is not initialised: await loadSodium() first');
  return loaded;
}
