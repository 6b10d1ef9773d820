// Every test file may switch any platform on (startBot is synchronous): their code is loaded
// up front here, as main.ts does for the configured ones (src/runtime.ts loadPlatforms).
import { PLATFORMS } from '../../adapters/index';

await Promise.all(PLATFORMS.map((platform) => platform.load?.()));
