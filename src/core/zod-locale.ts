// zod's own messages in Chinese, for the cases where a schema gives none of its own.
// Imported for its effect by every module that parses what people write.
import { z } from 'zod';

z.config(z.locales.zhCN());
