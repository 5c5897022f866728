/** Modules made at build time by the plugins in build/. */
declare module 'virtual:default-world' {
  // An ambient module cannot import a relative path, so the type is named inline.
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  const world: import('./sim').World;
  export default world;
}
