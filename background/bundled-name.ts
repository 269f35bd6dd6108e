/** The bundled digest's name: its own module, so that the options page can restore it without the cache's code. */
export const BUNDLED_NAME = 'arXiv 中文摘要 · 默认摘要 (2024-09/10)';
