/** Modules made at build time by the plugins in build/. */
declare module 'virtual:default-world' {
  const world: import('./sim').World;
  export default world;
}
