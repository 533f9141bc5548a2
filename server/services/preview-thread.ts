import type { z } from "zod";
import type { ZPreviewSource } from "./migrations";
import { previewSource, type Preview } from "./preview";

/** The preview pool's worker thread (./preview-pool.ts): one preview, computed away from the request thread. */
export default function runPreview(input: z.output<typeof ZPreviewSource>): Promise<Preview> {
  return previewSource(input);
}
