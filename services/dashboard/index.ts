/** Where the built dashboard is, for the API that serves it (`npm run build -w @pilewatch/dashboard` makes it). */
import { fileURLToPath } from 'node:url';

export const dashboardRoot: string = fileURLToPath(new URL('./dist/', import.meta.url));
