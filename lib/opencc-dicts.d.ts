/** opencc-js's dictionaries, one module each: `source target|source target|…`. */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
