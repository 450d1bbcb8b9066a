// The last step of `npm run build`: sort jieba's dictionary into its cache now (about 1 s), so the first one-shot
// `ask` after an install starts as fast as the next ones instead of paying for the sort itself.
import { defaultSegmenterOptions, sortedDictionary } from '../dist/text/segment.js';

const { dictFile, cacheDir } = defaultSegmenterOptions();
if (cacheDir !== null && !sortedDictionary(dictFile, cacheDir))
  console.warn(`warning: could not sort ${dictFile} into ${cacheDir}; the first ask will do it`);
